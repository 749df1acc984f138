import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ALERT_FIELDS, allDelivered, connectLive, eventually, subscribe } from './live-client.js';

interface LiveAlert {
  id: string;
  kind: string;
  state: string;
  score: number;
  sourceIp: string;
  domains: string[];
  reasons: string[];
  messageCount: number;
  stateChangedBy: string | null;
  comment: string | null;
}

const ALERT_COUNTS = '{ alertCounts { open acknowledged resolved suppressed } }';

describe('live alerts over WebSocket', () => {
  let t: TestApp;
  let viewer: string;
  let analyst: string;
  let campaignIps: string[];
  let suppressedRuleId: string;

  const detect = async () => {
    const result = await t.graphql<{ detectAnomalies: { newCount: number; anomalies: unknown[] } }>('mutation { detectAnomalies(input: { days: 7 }) { newCount anomalies { kind } } }', undefined, { token: analyst });
    expect(result.errors).toBeUndefined();
    return result.data!.detectAnomalies;
  };
  const allAlerts = async (filter: Record<string, unknown> = {}) => {
    const result = await t.graphql<{ alerts: { totalCount: number; edges: { node: LiveAlert }[] } }>(
      `query($filter: AlertFilter) { alerts(filter: $filter, first: 100) { totalCount edges { node { ${ALERT_FIELDS} } } } }`,
      { filter },
      { token: viewer },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.alerts;
  };

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.userToken(Role.VIEWER, 'viewer@example.com');
    analyst = await t.userToken(Role.ANALYST, 'analyst@example.com');
    // 45 days of normal traffic up to today and a spoofing campaign of 30 new IPs in the last 5 days.
    const traffic = generateTraffic({ seed: 21, days: 45, campaign: { ips: 30, withinLastDays: 5 } });
    campaignIps = traffic.campaignIps;
    await loadTraffic(t.app.dependencies.database.orm.em.fork(), traffic);
    const trained = await t.graphql<{ trainModel: { id: string } }>('mutation { trainModel(input: { days: 45, nEstimators: 60, seed: 4 }) { id } }');
    await t.graphql('mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id: trained.data!.trainModel.id });
    // Known forwarder noise: new-sending-IP signals are not to be raised.
    const rule = await t.graphql<{ createSuppressionRule: { rule: { id: string; kind: string } } }>(
      'mutation { createSuppressionRule(input: { kind: NEW_SENDING_IP, comment: "we add senders all the time" }) { rule { id kind createdBy } closedCount } }',
      undefined,
      { token: analyst },
    );
    expect(rule.errors).toBeUndefined();
    suppressedRuleId = rule.data!.createSuppressionRule.rule.id;
  });
  afterAll(() => t.close());

  it('delivers each alert once to a VIEWER subscribed over a real WebSocket; re-running detection raises nothing new', async () => {
    const client = connectLive(t.app.url, { token: viewer });
    const raised = subscribe<{ alertRaised: LiveAlert }>(client, `subscription { alertRaised { ${ALERT_FIELDS} } }`);
    const anomalies = subscribe<{ anomalyDetected: { kind: string; sourceIp: string } }>(client, 'subscription { anomalyDetected { kind sourceIp anomalyScore } }');
    await eventually(() => t.app.services.subscriptions.subscriberCount === 2, 5_000, 'both subscriptions started');

    const first = await detect();
    const open = await allAlerts({ states: ['OPEN'] });
    expect(open.totalCount).toBeGreaterThan(0);
    await raised.waitFor((r) => r.length >= open.totalCount);
    await anomalies.waitFor((r) => r.length >= first.newCount);
    await allDelivered(t.app.services.subscriptions, client);
    // Exactly the open alerts, each once.
    expect(raised.received.map((r) => r.alertRaised.id).sort()).toEqual(open.edges.map((e) => e.node.id).sort());
    expect(anomalies.received).toHaveLength(first.newCount);
    // The campaign is what raised them, with its evidence.
    const campaign = raised.received.map((r) => r.alertRaised).filter((a) => campaignIps.includes(a.sourceIp));
    expect(campaign.length).toBeGreaterThan(0);
    for (const alert of campaign) {
      expect(alert.score).toBeGreaterThan(0);
      expect(alert.score).toBeLessThanOrEqual(1);
      expect(alert.reasons.length).toBeGreaterThan(0);
      expect(alert.messageCount).toBeGreaterThan(0);
      expect(alert.state).toBe('OPEN');
    }

    const counts = await t.graphql(ALERT_COUNTS, undefined, { token: viewer });
    const total = (await allAlerts()).totalCount;
    const again = await detect();
    expect(again.newCount).toBe(0);
    await allDelivered(t.app.services.subscriptions, client);
    expect(raised.received.map((r) => r.alertRaised.id)).toHaveLength(open.totalCount);
    expect(anomalies.received).toHaveLength(first.newCount);
    expect((await allAlerts()).totalCount).toBe(total);
    expect(await t.graphql(ALERT_COUNTS, undefined, { token: viewer })).toEqual(counts);
    await client.dispose();
  });

  it('stores alerts matching a suppression rule as SUPPRESSED without raising them', async () => {
    const suppressed = await allAlerts({ kinds: ['NEW_SENDING_IP'] });
    expect(suppressed.totalCount).toBeGreaterThan(0);
    expect(suppressed.edges.every((e) => e.node.state === 'SUPPRESSED' && e.node.stateChangedBy === `rule ${suppressedRuleId}`)).toBe(true);
    expect((await allAlerts({ states: ['OPEN'], kinds: ['NEW_SENDING_IP'] })).totalCount).toBe(0);
  });

  it('refuses lifecycle changes from a VIEWER and lets an ANALYST acknowledge, resolve and suppress with history', async () => {
    const [target, other] = (await allAlerts({ states: ['OPEN'] })).edges.map((e) => e.node);
    const refused = await t.graphql('mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }', { id: target!.id }, { token: viewer });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bulkRefused = await t.graphql('mutation { acknowledgeAlerts(filter: {}) }', undefined, { token: viewer });
    expect(bulkRefused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const client = connectLive(t.app.url, { token: viewer });
    const updated = subscribe<{ alertUpdated: LiveAlert }>(client, `subscription { alertUpdated { ${ALERT_FIELDS} } }`);
    await eventually(() => t.app.services.subscriptions.subscriberCount === 1, 5_000, 'subscription started');

    const ack = await t.graphql<{ acknowledgeAlert: LiveAlert }>(`mutation($id: ID!) { acknowledgeAlert(id: $id, comment: "looking") { ${ALERT_FIELDS} } }`, { id: target!.id }, { token: analyst });
    expect(ack.data?.acknowledgeAlert).toMatchObject({ state: 'ACKNOWLEDGED', stateChangedBy: 'analyst@example.com', comment: 'looking' });
    await updated.waitFor((r) => r.length === 1);
    expect(updated.received[0]!.alertUpdated).toMatchObject({ id: target!.id, state: 'ACKNOWLEDGED', comment: 'looking' });

    const again = await t.graphql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: target!.id }, { token: analyst });
    expect(again.errors?.[0]?.extensions?.code).toBe('ALERT_STATE_CONFLICT');
    const resolved = await t.graphql<{ resolveAlert: LiveAlert }>(`mutation($id: ID!) { resolveAlert(id: $id, comment: "blocked at the gateway") { state } }`, { id: target!.id }, { token: analyst });
    expect(resolved.data?.resolveAlert.state).toBe('RESOLVED');
    const suppressed = await t.graphql<{ suppressAlert: LiveAlert }>(`mutation($id: ID!) { suppressAlert(id: $id) { state } }`, { id: other!.id }, { token: analyst });
    expect(suppressed.data?.suppressAlert.state).toBe('SUPPRESSED');
    await updated.waitFor((r) => r.length === 3);
    expect(updated.received.map((r) => [r.alertUpdated.id, r.alertUpdated.state])).toEqual([
      [target!.id, 'ACKNOWLEDGED'],
      [target!.id, 'RESOLVED'],
      [other!.id, 'SUPPRESSED'],
    ]);

    const history = await t.graphql<{ alert: { history: { fromState: string | null; toState: string; actor: string; comment: string | null }[] } }>(
      'query($id: ID!) { alert(id: $id) { history { fromState toState actor comment at } } }',
      { id: target!.id },
      { token: viewer },
    );
    expect(history.data?.alert.history).toEqual([
      expect.objectContaining({ fromState: null, toState: 'OPEN', actor: 'detection' }),
      expect.objectContaining({ fromState: 'OPEN', toState: 'ACKNOWLEDGED', actor: 'analyst@example.com', comment: 'looking' }),
      expect.objectContaining({ fromState: 'ACKNOWLEDGED', toState: 'RESOLVED', actor: 'analyst@example.com', comment: 'blocked at the gateway' }),
    ]);
    const missing = await t.graphql('mutation { resolveAlert(id: "00000000-0000-4000-8000-000000000000") { id } }', undefined, { token: analyst });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await client.dispose();
  });

  it('filters on the server: each subscriber hears only what its filter asks for, one execution per distinct subscription', async () => {
    const open = (await allAlerts({ states: ['OPEN'] })).edges.map((e) => e.node);
    const byKind = new Map<string, LiveAlert[]>();
    for (const alert of open) byKind.set(alert.kind, [...(byKind.get(alert.kind) ?? []), alert]);
    const [kind, ofKind] = [...byKind.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;

    const client = connectLive(t.app.url, { token: viewer });
    const query = 'subscription($filter: AlertEventFilter) { alertUpdated(filter: $filter) { id kind state score } }';
    const everything = [1, 2, 3].map(() => subscribe<{ alertUpdated: LiveAlert }>(client, query));
    const onlyKind = [1, 2].map(() => subscribe<{ alertUpdated: LiveAlert }>(client, query, { filter: { kinds: [kind] } }));
    const nothing = subscribe<{ alertUpdated: LiveAlert }>(client, query, { filter: { minScore: 1.01 } });
    const otherCountry = subscribe<{ alertUpdated: LiveAlert }>(client, query, { filter: { countries: ['zz'] } });
    await eventually(() => t.app.services.subscriptions.subscriberCount === 7, 5_000, 'subscriptions started');
    // Three identical subscriptions share one group: 4 groups for 7 subscribers.
    expect(t.app.services.subscriptions.groupCount).toBe(4);

    const acknowledged = await t.graphql<{ acknowledgeAlerts: number }>('mutation { acknowledgeAlerts(filter: { states: [OPEN] }, comment: "triage") }', undefined, { token: analyst });
    expect(acknowledged.data?.acknowledgeAlerts).toBe(open.length);
    for (const s of everything) await s.waitFor((r) => r.length === open.length);
    for (const s of onlyKind) await s.waitFor((r) => r.length === ofKind.length);
    await allDelivered(t.app.services.subscriptions, client);
    for (const s of onlyKind) expect(s.received.every((r) => r.alertUpdated.kind === kind)).toBe(true);
    expect(nothing.received).toEqual([]);
    expect(otherCountry.received).toEqual([]);
    expect((await allAlerts({ states: ['OPEN'] })).totalCount).toBe(0);
    await client.dispose();
    await eventually(() => t.app.services.subscriptions.subscriberCount === 0, 5_000, 'subscribers gone');
    expect(t.app.services.subscriptions.groupCount).toBe(0);
  });

  it('closes matching open alerts when a rule asks to, and refuses rules without a criterion', async () => {
    const target = (await allAlerts({ states: ['ACKNOWLEDGED'] })).edges[0]!.node;
    const created = await t.graphql<{ createSuppressionRule: { closedCount: number; rule: { network: string } } }>(
      'mutation($ip: String!) { createSuppressionRule(input: { ip: $ip }, closeMatchingOpen: true) { closedCount rule { id network } } }',
      { ip: target.sourceIp },
      { token: analyst },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createSuppressionRule.closedCount).toBeGreaterThanOrEqual(1);
    expect((await allAlerts({ sourceIp: target.sourceIp, states: ['OPEN', 'ACKNOWLEDGED'] })).totalCount).toBe(0);

    for (const input of ['{}', '{ cidr: "10.0.0.0/33" }', '{ ip: "nope" }', '{ countryCode: "USA" }']) {
      const bad = await t.graphql(`mutation { createSuppressionRule(input: ${input}) { closedCount } }`, undefined, { token: analyst });
      expect(bad.errors?.[0]?.extensions?.code, input).toBe('BAD_USER_INPUT');
    }
    const rules = await t.graphql<{ suppressionRules: { id: string }[] }>('{ suppressionRules { id network kind } }', undefined, { token: viewer });
    expect(rules.data?.suppressionRules).toHaveLength(2);
    const deleted = await t.graphql('mutation($id: ID!) { deleteSuppressionRule(id: $id) }', { id: suppressedRuleId }, { token: analyst });
    expect(deleted.data).toEqual({ deleteSuppressionRule: true });
  });

  it('pages through alerts with cursors and filters by score and time', async () => {
    const all = await allAlerts();
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: { data?: { alerts: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null } = await t.graphql(
        'query($after: String) { alerts(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        { token: viewer },
      );
      ids.push(...page.data!.alerts.edges.map((e) => e.node.id));
      after = page.data!.alerts.pageInfo.hasNextPage ? page.data!.alerts.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toHaveLength(all.totalCount);
    expect(new Set(ids).size).toBe(all.totalCount);

    const strong = await allAlerts({ minScore: 0.6 });
    expect(strong.edges.every((e) => e.node.score >= 0.6)).toBe(true);
    expect((await allAlerts({ since: new Date(Date.now() + 60_000).toISOString() })).totalCount).toBe(0);
    const bad = await t.graphql('{ alerts(first: 1, after: "garbage") { totalCount } }', undefined, { token: viewer });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
