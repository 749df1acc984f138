import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { connectLive, eventually, subscribe } from '../alerts/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The subscription hub executes a group of identical subscriptions once per event, with the
 * context of the group's first subscriber. This checks that no subscriber sees what its own
 * rights do not allow because of that: roles never share a group, and a member whose rights end
 * (even the one whose context the group runs with) leaves at once while the others stay served.
 */
describe('subscription groups and the context they run with', () => {
  let t: TestApp;
  let sequence = 0;

  /** One alert raised the way a detection run raises it (alertsRaised, the bus, the hub). */
  const raise = async () => {
    const i = ++sequence;
    const anomaly: AnomalyView = {
      kind: 'MODEL',
      modelId: null,
      sourceIp: `198.51.100.${i}`,
      domain: null,
      policyDomains: ['example.com'],
      score: -0.8,
      windowStart: new Date('2026-11-24T00:00:00Z'),
      windowEnd: new Date('2026-12-01T00:00:00Z'),
      features: { messages: 100 },
      reasons: ['DMARC pass rate 0%'],
      details: [],
      geolocation: null,
      detectedAt: new Date(),
    };
    const outcome = await t.app.services.alerts.processDetection([anomaly]);
    expect(outcome.raised).toHaveLength(1);
    return anomaly.sourceIp;
  };
  const hub = () => t.app.services.subscriptions;
  const query = 'subscription { alertRaised { sourceIp } }';
  type Raised = { alertRaised: { sourceIp: string } };
  const ips = (received: Raised[]) => received.map((r) => r.alertRaised.sourceIp);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves each member by its own rights: roles never share an execution, and a member whose rights end leaves its group at once', async () => {
    // The first joiner, whose context the VIEWER group runs with: an API key.
    const { key, apiKey } = await t.app.services.auth.apiKeys.create({ name: 'first joiner', role: Role.VIEWER });
    const firstClient = connectLive(t.app.url, { apiKey: key });
    const firstClosed = new Promise<{ code: number }>((resolve) => firstClient.on('closed', (event) => resolve(event as { code: number })));
    const first = subscribe<Raised>(firstClient, query);
    await eventually(() => hub().subscriberCount === 1, 5_000, 'first subscriber');
    // A VIEWER user joins the same group; an ADMIN running the same text gets a group of its own.
    const viewerToken = await t.userToken(Role.VIEWER, 'viewer@example.com');
    const viewerClient = connectLive(t.app.url, { token: viewerToken });
    const viewerClosed = new Promise<{ code: number }>((resolve) => viewerClient.on('closed', (event) => resolve(event as { code: number })));
    const viewer = subscribe<Raised>(viewerClient, query);
    await eventually(() => hub().subscriberCount === 2, 5_000, 'second subscriber');
    expect(hub().groupCount).toBe(1);
    const adminClient = connectLive(t.app.url, { token: t.adminToken });
    const admin = subscribe<Raised>(adminClient, query);
    await eventually(() => hub().subscriberCount === 3, 5_000, 'third subscriber');
    expect(hub().groupCount).toBe(2);

    const one = await raise();
    for (const s of [first, viewer, admin]) await s.waitFor((r) => r.length === 1);

    // The first joiner's key is revoked: its socket ends, and the group it opened, which still
    // runs with its context, keeps serving the other VIEWER and nobody else.
    await t.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { state } }', { id: apiKey.id });
    expect(await firstClosed).toMatchObject({ code: 4403 });
    await eventually(() => hub().subscriberCount === 2, 5_000, 'the revoked key left');
    expect(hub().groupCount).toBe(2);
    const two = await raise();
    await viewer.waitFor((r) => r.length === 2);
    await admin.waitFor((r) => r.length === 2);

    // The VIEWER user becomes INGEST, a role that may not subscribe: its socket ends at once too.
    await t.graphql('mutation ($id: ID!) { setUserRole(id: $id, role: INGEST) { role } }', { id: decodeJwt(viewerToken).sub });
    expect(await viewerClosed).toMatchObject({ code: 4403 });
    await eventually(() => hub().subscriberCount === 1 && hub().groupCount === 1, 5_000, 'the demoted user left');
    const three = await raise();
    await admin.waitFor((r) => r.length === 3);

    // Closed sockets receive nothing more: each got exactly what its rights allowed while it had them.
    expect(ips(first.received)).toEqual([one]);
    expect(ips(viewer.received)).toEqual([one, two]);
    expect(ips(admin.received)).toEqual([one, two, three]);
    await Promise.all([firstClient.dispose(), viewerClient.dispose(), adminClient.dispose()]);
  });
});
