import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/webhooks/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from './webhook-receiver.js';

interface AlertBody { id: string; type: string; text: string; alert: { id: string; state: string; sourceIp: string; score: number; kind: string; reasons: string[]; [field: string]: unknown } }

const schema = buildSchema(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));

describe('alerts reach webhooks end to end', () => {
  let t: TestApp;
  let hook: WebhookReceiver;
  let secret: string;
  let campaignIps: string[];

  const openAlertIds = async (): Promise<string[]> => {
    const result = await t.graphql<{ alerts: { edges: { node: { id: string } }[] } }>('{ alerts(filter: { states: [OPEN] }, first: 100) { edges { node { id } } } }');
    return result.data!.alerts.edges.map((edge) => edge.node.id);
  };
  const detect = async () => {
    const result = await t.graphql<{ detectAnomalies: { newCount: number } }>('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    expect(result.errors).toBeUndefined();
    return result.data!.detectAnomalies;
  };
  const bodies = () => hook.requests.map((request) => JSON.parse(request.body) as AlertBody);

  beforeAll(async () => {
    t = await startTestApp();
    hook = await WebhookReceiver.start(() => ({ status: 200, body: 'ok' }));
    // 45 days of normal traffic and a spoofing campaign of 30 new IPs in the last 5 days.
    const traffic = generateTraffic({ seed: 21, days: 45, campaign: { ips: 30, withinLastDays: 5 } });
    campaignIps = traffic.campaignIps;
    await loadTraffic(t.app.dependencies.database.orm.em.fork(), traffic);
    const trained = await t.graphql<{ trainModel: { id: string } }>('mutation { trainModel(input: { days: 45, nEstimators: 60, seed: 4 }) { id } }');
    await t.graphql('mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id: trained.data!.trainModel.id });
    const created = await t.graphql<{ createWebhook: { secret: string } }>('mutation($url: String!) { createWebhook(url: $url) { secret } }', { url: hook.url });
    secret = created.data!.createWebhook.secret;
  });
  afterAll(async () => {
    await hook.close();
    await t.close();
  });

  it('POSTs each alert a detection run raises, once, signed; running detection again sends nothing', async () => {
    await detect();
    const open = await openAlertIds();
    expect(open.length).toBeGreaterThan(0);
    await hook.waitForRequests(open.length);
    await t.app.services.webhooks.whenIdle();

    const raised = bodies();
    expect(raised.map((body) => body.alert.id).sort()).toEqual([...open].sort());
    expect(raised.every((body) => body.type === 'alert.raised' && body.alert.state === 'OPEN' && body.text.includes('*New DMARC alert*'))).toBe(true);
    expect(raised.some((body) => campaignIps.includes(body.alert.sourceIp))).toBe(true);
    for (const request of hook.requests) {
      expect(verifyWebhookSignature(secret, request.headers[SIGNATURE_HEADER] as string, request.body).valid).toBe(true);
      expect(request.headers[EVENT_HEADER]).toBe('alert.raised');
    }
    expect(new Set(hook.requests.map((request) => request.headers[DELIVERY_HEADER])).size).toBe(open.length);

    expect((await detect()).newCount).toBe(0);
    await t.app.services.webhooks.whenIdle();
    expect(hook.requests).toHaveLength(open.length);
    const deliveries = await t.graphql<{ webhookDeliveries: { totalCount: number; edges: { node: { status: string } }[] } }>('{ webhookDeliveries(first: 100) { totalCount edges { node { status } } } }');
    expect(deliveries.data!.webhookDeliveries.totalCount).toBe(open.length);
    expect(deliveries.data!.webhookDeliveries.edges.every((edge) => edge.node.status === 'SUCCEEDED')).toBe(true);
  });

  it('POSTs alert.updated when someone acknowledges an alert', async () => {
    const [id] = await openAlertIds();
    const before = hook.requests.length;
    const acknowledged = await t.graphql('mutation($id: ID!) { acknowledgeAlert(id: $id, comment: "looking") { id } }', { id });
    expect(acknowledged.errors).toBeUndefined();
    await hook.waitForRequests(before + 1);
    const body = bodies().at(-1)!;
    expect(body).toMatchObject({ type: 'alert.updated', alert: { id, state: 'ACKNOWLEDGED' } });
    expect(body.text).toContain('DMARC alert updated');
    expect(body.text).toContain('now ACKNOWLEDGED');
    expect(hook.requests.at(-1)!.headers[EVENT_HEADER]).toBe('alert.updated');
  });

  it('gives `alert` every field of the GraphQL Alert type but the failure samples, with the values the API answers (history included)', async () => {
    const body = bodies().at(-1)!;
    // failureReports: personal data, for analysts through the API; a webhook carries their count only.
    const result = await t.graphql<{ alert: Record<string, unknown> }>(`query($id: ID!) { alert(id: $id) { ${everyField('Alert', ['failureReports'])} } }`, { id: body.alert.id });
    expect(result.errors).toBeUndefined();
    expect(Object.keys(body.alert).sort()).toEqual(Object.keys(result.data!.alert).sort());
    expect(body.alert).toEqual(result.data!.alert);
    expect(body.alert).toMatchObject({
      state: 'ACKNOWLEDGED',
      history: [
        { fromState: null, toState: 'OPEN', actor: 'detection', comment: null },
        { fromState: 'OPEN', toState: 'ACKNOWLEDGED', actor: 'admin@example.com', comment: 'looking' },
      ],
      suppressionRuleId: null,
    });
    expect(Object.keys(body.alert.evidence as object).length).toBeGreaterThan(0);
  });
});

/** A selection of every field of `typeName` in schema.graphql (but `except`), object fields with every field of theirs. */
function everyField(typeName: string, except: readonly string[] = []): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((field) => !except.includes(field.name))
    .map((field) => {
      const named = getNamedType(field.type);
      return isObjectType(named) ? `${field.name} { ${everyField(named.name)} }` : field.name;
    })
    .join(' ');
}
