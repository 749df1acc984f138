import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/anomaly-detection/rules/rule-signals.js';
import { lastDays } from '../../src/anomaly-detection/day-windows.js';
import { insertReport, NOW, startAnomalyHarness, type AnomalyHarness } from './anomaly-harness.js';

describe('rule-based signals', () => {
  let h: AnomalyHarness;
  beforeAll(async () => {
    h = await startAnomalyHarness();
    // a.example: 100 aligned messages a day from one US IP through March; on the last day a new IP
    // from another country sends 1,000 messages failing DMARC.
    for (let day = 1; day <= 31; day++) {
      const date = `2026-03-${String(day).padStart(2, '0')}`;
      await insertReport(h, { org: 'google.com', domain: 'a.example', day: date }, [{ ip: '192.0.2.1', count: 100, dkim: 'pass', spf: 'pass' }]);
    }
    await insertReport(h, { org: 'Yahoo', domain: 'a.example', day: '2026-03-31' }, [
      { ip: '198.51.100.9', count: 1000, dkim: 'fail', spf: 'fail', disposition: 'reject' },
    ]);
    await h.rows(
      `INSERT INTO geolocation_cache (ip, country_code, country_name, expires_at) VALUES
       ('192.0.2.1', 'US', 'United States', now() + interval '90 days'), ('198.51.100.9', 'RU', 'Russia', now() + interval '90 days')`,
    );
  });
  afterAll(() => h.close());

  it('each rule fires with its evidence', async () => {
    const signals = await evaluateRules(h.em(), lastDays(7, NOW));
    const byKind = Object.fromEntries(signals.map((s) => [s.kind, s]));
    expect(signals.map((s) => s.kind).sort()).toEqual(['NEW_COUNTRY', 'NEW_SENDING_IP', 'PASS_RATE_DROP', 'VOLUME_SPIKE']);

    expect(byKind.NEW_SENDING_IP).toMatchObject({ domain: 'a.example', sourceIp: '198.51.100.9', evidence: { messages: 1000, dmarcPassRate: 0 }, score: -1 });
    expect(byKind.NEW_COUNTRY).toMatchObject({ domain: 'a.example', sourceIp: '198.51.100.9', evidence: { messages: 1000, ips: 1 }, context: { countryCode: 'RU' } });
    expect(byKind.VOLUME_SPIKE).toMatchObject({
      domain: 'a.example',
      sourceIp: '198.51.100.9',
      evidence: { messages: 1100, trailingMedian: 100, ratio: 11, spikeDays: 1 },
      context: { day: '2026-03-31' },
    });
    // Window: 7 x 100 passing + 1,000 failing = 700 / 1,700; previous window: 100%.
    expect(byKind.PASS_RATE_DROP).toMatchObject({ domain: 'a.example', sourceIp: '198.51.100.9', evidence: { previousPassRate: 1, messages: 1700, previousMessages: 700 } });
    expect(byKind.PASS_RATE_DROP!.evidence.passRate).toBeCloseTo(700 / 1700, 10);
    expect(byKind.PASS_RATE_DROP!.text).toContain('fell from 100% to 41%');
  });

  it('stays quiet over a quiet window, and for a domain it is not about', async () => {
    expect(await evaluateRules(h.em(), lastDays(7, new Date('2026-03-28T12:00:00Z')))).toEqual([]);
    expect(await evaluateRules(h.em(), lastDays(7, NOW), 'b.example')).toEqual([]);
  });
});
