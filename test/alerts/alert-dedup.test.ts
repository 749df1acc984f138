import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { ALERT_BATCH_SIZE, AlertService } from '../../src/alerts/alert-service.js';
import type { AlertView } from '../../src/alerts/alert-views.js';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import type { Principal } from '../../src/auth/principal.js';
import { publishAcrossInstances } from '../../src/app/reactions.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { MemoryEventBus, TOPICS } from '../../src/pubsub/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';

const analyst: Principal = { kind: 'user', id: '00000000-0000-4000-8000-00000000000a', role: Role.ANALYST, email: 'analyst@example.com' };

function anomaly(i: number, overrides: Partial<AnomalyView> = {}): AnomalyView {
  return {
    kind: 'MODEL',
    modelId: null,
    sourceIp: `198.51.100.${i}`,
    domain: null,
    policyDomains: ['example.com'],
    score: -0.7,
    windowStart: new Date('2026-11-24T00:00:00Z'),
    windowEnd: new Date('2026-12-01T00:00:00Z'),
    features: { messages: 100 + i },
    reasons: [`DMARC pass rate 0% for ${i}`],
    details: [],
    geolocation: {
      ip: `198.51.100.${i}`,
      found: true,
      fromCache: true,
      countryCode: 'de',
      countryName: 'Germany',
      subdivision: null,
      city: null,
      latitude: null,
      longitude: null,
      accuracyRadiusKm: null,
      asn: 64500 + i,
      asOrganization: null,
      reservedRange: null,
    },
    detectedAt: new Date(),
    ...overrides,
  };
}

describe('alert deduplication', () => {
  let t: TestOrm;
  let service: AlertService;
  let bus: MemoryEventBus;
  let events: DomainEvents;
  const published: unknown[] = [];
  const told: AlertView[] = [];

  beforeAll(async () => {
    t = await openTestOrm({ poolMax: 8 });
    bus = new MemoryEventBus(silentLogger);
    await bus.subscribe(TOPICS.alertRaised, (message) => published.push(message));
    events = new DomainEvents(silentLogger);
    publishAcrossInstances(events, bus, silentLogger);
    service = new AlertService({ em: t.orm.em, events, cooldownDays: 7, logger: silentLogger });
    events.on('alertsRaised', 'test: told', ({ alerts }) => {
      told.push(...alerts);
    });
  });
  afterAll(() => t.close());

  it('raises one alert per source IP, kind and domain when detection runs four times at once', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => anomaly(i + 1));
    // Rule signals about two domains of one IP are two alerts; a model score of the same IP is a third.
    batch.push(anomaly(1, { kind: 'PASS_RATE_DROP', domain: 'example.com' }), anomaly(1, { kind: 'PASS_RATE_DROP', domain: 'example.org' }));
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => service.processDetection(batch)));
    expect(outcomes.reduce((n, o) => n + o.raised.length, 0)).toBe(12);
    expect(outcomes.reduce((n, o) => n + o.refreshed, 0)).toBe(36);
    const rows = await t.rows<{ n: string }>(`SELECT count(*) AS n FROM alerts WHERE state = 'OPEN'`);
    expect(Number(rows[0]!.n)).toBe(12);
    // processDetection awaits its events' reactions: the bus has delivered them when it returns.
    expect(published).toHaveLength(12);
    expect(told).toHaveLength(12);
    const alert = told.find((a) => a.sourceIp === '198.51.100.3')!;
    expect(alert).toMatchObject({ kind: 'MODEL', state: 'OPEN', score: 0.7, domains: ['example.com'], countryCode: 'DE', asn: 64503, reasons: ['DMARC pass rate 0% for 3'], evidence: { messages: 103 } });
  });

  it('refuses a second active alert for a key at the database level', async () => {
    await expect(
      t.rows(`INSERT INTO alerts (kind, state, score, source_ip, dedup_domain, domains, reasons, evidence, window_start, first_seen_at, last_seen_at, message_count)
              VALUES ('MODEL', 'ACKNOWLEDGED', 0.5, '198.51.100.1', '', '{}', '[]', '{}', now(), now(), now(), 0)`),
    ).rejects.toThrow(/alerts_one_active_per_key/);
  });

  it('refreshes an active alert instead of raising it again, and respects the cooldown after it is closed', async () => {
    const again = await service.processDetection([anomaly(2, { score: -0.9 })]);
    expect(again).toMatchObject({ raised: [], refreshed: 1 });
    const [refreshed] = await t.rows<{ id: string; score: number }>(`SELECT id, score FROM alerts WHERE source_ip = '198.51.100.2'`);
    expect(refreshed!.score).toBe(0.9);

    await service.changeState(refreshed!.id, 'RESOLVED', analyst, 'fixed SPF');
    const cooling = await service.processDetection([anomaly(2)]);
    expect(cooling).toMatchObject({ raised: [], refreshed: 0, coolingDown: 1 });

    // Eight days later the same source is news again.
    await t.rows(`UPDATE alerts SET state_changed_at = now() - interval '8 days' WHERE id = '${refreshed!.id}'`);
    const later = await service.processDetection([anomaly(2)]);
    expect(later.raised).toHaveLength(1);
    expect(later.raised[0]!.id).not.toBe(refreshed!.id);
  });

  it('raises a large run in batches: each alert stored, published and told once, and nothing again when detection re-runs', async () => {
    const size = 2 * ALERT_BATCH_SIZE + 37;
    const at = (i: number, overrides: Partial<AnomalyView> = {}) => {
      const ip = `10.77.${Math.floor(i / 200)}.${(i % 200) + 1}`;
      return anomaly(i, { sourceIp: ip, geolocation: { ...anomaly(i).geolocation!, ip }, ...overrides });
    };
    const run = Array.from({ length: size }, (_, i) => at(i));
    // A source reported twice in one run is one alert, with the more severe score.
    run.push(at(0, { score: -0.95 }));
    const publishedBefore = published.length;
    const toldBefore = told.length;
    const batches: number[] = [];
    const stop = events.on('alertsRaised', 'test: batches', ({ alerts }) => {
      batches.push(alerts.length);
    });
    try {
      const outcome = await service.processDetection(run);
      const ids = outcome.raised.map((alert) => alert.id).sort();
      expect(ids).toHaveLength(size);
      expect(new Set(ids).size).toBe(size);
      expect(outcome.raised.find((alert) => alert.sourceIp === '10.77.0.1')!.score).toBe(0.95);
      // Listeners hear of each committed batch once, with all of its alerts.
      expect(batches).toEqual([ALERT_BATCH_SIZE, ALERT_BATCH_SIZE, 37]);
      expect(published.slice(publishedBefore).map((message) => (message as { id: string }).id).sort()).toEqual(ids);
      expect(told.slice(toldBefore).map((alert) => alert.id).sort()).toEqual(ids);
      const [stored] = await t.rows<{ n: string }>(`SELECT count(*) AS n FROM alerts WHERE source_ip << '10.77.0.0/16'`);
      expect(Number(stored!.n)).toBe(size);

      const again = await service.processDetection(run);
      expect(again).toMatchObject({ raised: [], refreshed: size, suppressed: 0 });
      expect(published).toHaveLength(publishedBefore + size);
      expect(told).toHaveLength(toldBefore + size);
      expect(batches).toHaveLength(3);
    } finally {
      stop();
    }
  });

  it('stores what a suppression rule matches as SUPPRESSED, by CIDR, ASN or country, until the rule expires', async () => {
    const { rule } = await service.createSuppressionRule({ cidr: '203.0.113.0/24' }, analyst, false);
    expect(rule.network).toBe('203.0.113.0/24');
    await service.createSuppressionRule({ asn: 64999 }, analyst, false);
    const outcome = await service.processDetection([
      anomaly(1, { sourceIp: '203.0.113.9' }),
      anomaly(1, { sourceIp: '192.0.2.9', geolocation: { ...anomaly(1).geolocation!, asn: 64999 } }),
      anomaly(1, { sourceIp: '192.0.2.10' }),
    ]);
    expect(outcome.raised.map((a) => a.sourceIp)).toEqual(['192.0.2.10']);
    expect(outcome.suppressed).toBe(2);
    const rows = await t.rows<{ source_ip: string; state: string; suppression_rule_id: string | null }>(
      `SELECT host(source_ip) AS source_ip, state, suppression_rule_id FROM alerts WHERE source_ip IN ('203.0.113.9', '192.0.2.9') ORDER BY source_ip`,
    );
    expect(rows.map((r) => r.state)).toEqual(['SUPPRESSED', 'SUPPRESSED']);
    expect(rows.find((r) => r.source_ip === '203.0.113.9')!.suppression_rule_id).toBe(rule.id);

    const { rule: byCountry, closedCount } = await service.createSuppressionRule({ countryCode: 'de', expiresAt: new Date(Date.now() + 60_000) }, analyst, true);
    expect(byCountry.countryCode).toBe('DE');
    expect(closedCount).toBeGreaterThan(0);
    expect(await service.counts()).toMatchObject({ open: 0 });
  });
});
