import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../webhooks/webhook-receiver.js';
import { eventually } from './live-client.js';

/** The alert service and the webhooks wired together: detection to a signed POST, lifecycle to another. */
describe('alerts delivered to webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp();
    receiver = await WebhookReceiver.start();
    await loadTraffic(t.app.dependencies.database.orm.em.fork(), generateTraffic({ seed: 5, days: 40, campaign: { ips: 20, withinLastDays: 4 } }));
    // Every sender geolocated in the cache, as ingestion leaves it: alerts keep where their IP was.
    await t.app.dependencies.database.orm.em.fork().execute(
      `INSERT INTO geolocation_cache (ip, country_code, country_name, city, latitude, longitude, asn, as_organization, expires_at)
       SELECT DISTINCT source_ip, 'DE', 'Germany', 'Berlin', 52.52, 13.4, 64500, 'Example Net', now() + interval '1 day' FROM dmarc_records`,
    );
    const trained = await t.graphql<{ trainModel: { id: string } }>('mutation { trainModel(input: { days: 40, nEstimators: 50, seed: 2 }) { id } }');
    await t.graphql('mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id: trained.data!.trainModel.id });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('posts each raised alert matching the webhook filter once, and each state change', async () => {
    const created = await t.graphql('mutation($url: String!) { createWebhook(url: $url, filter: { kinds: [MODEL] }) { secret } }', { url: receiver.url });
    expect(created.errors).toBeUndefined();
    await t.graphql('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    const model = await t.graphql<{ alerts: { totalCount: number; edges: { node: { id: string } }[] } }>('{ alerts(filter: { kinds: [MODEL], states: [OPEN] }, first: 100) { totalCount edges { node { id } } } }');
    const expected = model.data!.alerts.totalCount;
    expect(expected).toBeGreaterThan(0);
    const bodies = () => receiver.requests.map((r) => JSON.parse(r.body) as { type: string; alert: { id: string; kind: string; state: string } });
    await eventually(() => bodies().length >= expected, 20_000, 'raised alerts delivered');
    // Detection again raises nothing, so nothing more is posted.
    await t.graphql('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    await t.app.services.webhooks.whenIdle();
    expect(bodies().filter((b) => b.type === 'alert.raised').map((b) => b.alert.id).sort()).toEqual(model.data!.alerts.edges.map((e) => e.node.id).sort());
    expect(bodies().every((b) => b.alert.kind === 'MODEL')).toBe(true);

    // Where the sender is: one Geolocation object, in GraphQL and in the payload (the flat fields of 0.1 are gone).
    const located = await t.graphql<{ alert: { sourceIp: string; geolocation: unknown } }>(
      'query($id: ID!) { alert(id: $id) { sourceIp geolocation { ip found fromCache countryCode countryName subdivision city latitude longitude accuracyRadiusKm asn asOrganization reservedRange } } }',
      { id: model.data!.alerts.edges[0]!.node.id },
    );
    expect(located.errors).toBeUndefined();
    const { sourceIp, geolocation } = located.data!.alert;
    // Only what alerts keep: no country name, subdivision or radius.
    expect(geolocation).toEqual({
      ip: sourceIp, found: true, fromCache: true, countryCode: 'DE', city: 'Berlin', latitude: 52.52, longitude: 13.4, asn: 64500, asOrganization: 'Example Net',
      countryName: null, subdivision: null, accuracyRadiusKm: null, reservedRange: null,
    });
    const flat = await t.graphql('query($id: ID!) { alert(id: $id) { countryCode } }', { id: model.data!.alerts.edges[0]!.node.id });
    expect(flat.errors?.[0]?.message).toMatch(/Cannot query field "countryCode" on type "Alert"/);
    const posted = bodies().find((b) => b.alert.id === model.data!.alerts.edges[0]!.node.id)!.alert as unknown as Record<string, unknown>;
    expect(posted.geolocation).toEqual(geolocation);
    expect(posted).not.toHaveProperty('countryCode');

    const target = model.data!.alerts.edges[0]!.node.id;
    await t.graphql('mutation($id: ID!) { acknowledgeAlert(id: $id) { state } }', { id: target });
    await eventually(() => bodies().some((b) => b.type === 'alert.updated'), 20_000, 'state change delivered');
    expect(bodies().filter((b) => b.type === 'alert.updated')).toEqual([expect.objectContaining({ alert: expect.objectContaining({ id: target, state: 'ACKNOWLEDGED' }) })]);
  });
});
