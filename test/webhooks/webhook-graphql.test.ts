import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/webhooks/index.js';
import { startProductionTestApp, startTestApp, type TestApp } from '../support/test-app.js';
import { sampleAlert } from './sample-alert.js';
import { WebhookReceiver } from './webhook-receiver.js';

const WEBHOOK_FIELDS = 'id url enabled description filter { domains kinds minScore countries } createdAt updatedAt';
const DELIVERY_FIELDS = 'id webhookId eventType alertId status attempts maxAttempts nextAttemptAt lastAttemptAt lastError responseStatus createdAt completedAt';

interface WebhookJson { id: string; url: string; enabled: boolean; filter: Record<string, unknown> }
interface DeliveryJson { id: string; status: string; attempts: number; eventType: string; responseStatus: number | null; lastError: string | null }

describe('webhooks over GraphQL', () => {
  let t: TestApp;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestApp();
    hook = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await hook.close();
    await t.close();
  });

  it('registers an endpoint, shows the generated secret once, sends signed test events and alerts, lists deliveries', async () => {
    const created = await t.graphql<{ createWebhook: { secret: string; webhook: WebhookJson } }>(
      `mutation ($url: String!, $filter: WebhookFilterInput) { createWebhook(url: $url, filter: $filter, description: "SOC") { secret webhook { ${WEBHOOK_FIELDS} } } }`,
      { url: hook.url, filter: { domains: ['Example.com'], minScore: 0.5, countries: ['de'] } },
    );
    expect(created.errors).toBeUndefined();
    const { secret, webhook } = created.data!.createWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9]{40}$/);
    expect(webhook).toMatchObject({ url: hook.url, enabled: true, filter: { domains: ['example.com'], kinds: null, minScore: 0.5, countries: ['DE'] } });

    // The list never shows a secret (the type has no such field), and neither does the JSON of the answer.
    const listed = await t.graphql<{ webhooks: WebhookJson[] }>(`{ webhooks { ${WEBHOOK_FIELDS} } }`);
    expect(listed.data!.webhooks.map((w) => w.id)).toEqual([webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const tested = await t.graphql<{ testWebhook: DeliveryJson }>(`mutation ($id: ID!) { testWebhook(id: $id) { ${DELIVERY_FIELDS} } }`, { id: webhook.id });
    expect(tested.data!.testWebhook).toMatchObject({ eventType: 'webhook.test', status: 'SUCCEEDED', attempts: 1, responseStatus: 204, lastError: null });
    const [testRequest] = hook.requests;
    expect(testRequest!.headers[EVENT_HEADER]).toBe('webhook.test');
    expect(testRequest!.headers[DELIVERY_HEADER]).toBe(tested.data!.testWebhook.id);
    expect(verifyWebhookSignature(secret, testRequest!.headers[SIGNATURE_HEADER] as string, testRequest!.body).valid).toBe(true);
    expect(JSON.parse(testRequest!.body).text).toContain('Test event from dmarc-analytics');

    // What the alertsRaised reaction does (src/app/reactions.ts): webhooks.enqueueMany(alerts).
    await t.app.services.webhooks.enqueue(sampleAlert({ domains: ['example.com'], score: 0.9, countryCode: 'DE' }));
    await t.app.services.webhooks.enqueue(sampleAlert({ domains: ['example.com'], score: 0.2, countryCode: 'DE' }));
    const [, alertRequest] = await hook.waitForRequests(2);
    expect(alertRequest!.headers[EVENT_HEADER]).toBe('alert.raised');
    expect(verifyWebhookSignature(secret, alertRequest!.headers[SIGNATURE_HEADER] as string, alertRequest!.body).valid).toBe(true);
    await t.app.services.webhooks.whenIdle();

    const deliveries = await t.graphql<{ webhookDeliveries: { totalCount: number; edges: { node: DeliveryJson }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `query ($id: ID) { webhookDeliveries(webhookId: $id, first: 1) { totalCount edges { cursor node { ${DELIVERY_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { id: webhook.id },
    );
    const page = deliveries.data!.webhookDeliveries;
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((edge) => edge.node)).toMatchObject([{ eventType: 'alert.raised', status: 'SUCCEEDED', attempts: 1, responseStatus: 204 }]);
    const next = await t.graphql<{ webhookDeliveries: { edges: { node: DeliveryJson }[]; pageInfo: { hasNextPage: boolean } } }>(
      `query ($after: String) { webhookDeliveries(first: 5, after: $after) { edges { node { eventType } } pageInfo { hasNextPage } } }`,
      { after: page.pageInfo.endCursor },
    );
    expect(next.data!.webhookDeliveries).toEqual({ edges: [{ node: { eventType: 'webhook.test' } }], pageInfo: { hasNextPage: false } });
  });

  it('disables, re-enables and deletes an endpoint', async () => {
    const created = await t.graphql<{ createWebhook: { webhook: WebhookJson } }>(
      `mutation ($url: String!) { createWebhook(url: $url, secret: "a-secret-of-sixteen-chars") { webhook { id } } }`, { url: `${hook.url}?second` },
    );
    const id = created.data!.createWebhook.webhook.id;
    const disabled = await t.graphql<{ updateWebhook: WebhookJson }>(`mutation ($id: ID!) { updateWebhook(id: $id, enabled: false) { id enabled } }`, { id });
    expect(disabled.data!.updateWebhook).toEqual({ id, enabled: false });
    const before = hook.requests.length;
    expect(await t.app.services.webhooks.enqueue(sampleAlert({ domains: ['other.example'] }))).toBe(0);
    const enabled = await t.graphql<{ updateWebhook: WebhookJson }>(`mutation ($id: ID!) { updateWebhook(id: $id, enabled: true, filter: { kinds: [MODEL] }) { enabled filter { kinds } } }`, { id });
    expect(enabled.data!.updateWebhook).toEqual({ enabled: true, filter: { kinds: ['MODEL'] } });
    expect(await t.app.services.webhooks.enqueue(sampleAlert({ kind: 'MODEL', domains: ['other.example'] }))).toBe(1);
    await hook.waitForRequests(before + 1);

    const deleted = await t.graphql<{ deleteWebhook: boolean }>(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id });
    expect(deleted.data!.deleteWebhook).toBe(true);
    const again = await t.graphql(`mutation ($id: ID!) { deleteWebhook(id: $id) }`, { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const history = await t.graphql(`query ($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }`, { id });
    expect(history.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers bad input with BAD_USER_INPUT and stores nothing', async () => {
    const count = (await t.graphql<{ webhooks: unknown[] }>('{ webhooks { id } }')).data!.webhooks.length;
    for (const url of ['ftp://example.com/', 'https://user:pw@example.com/']) {
      const result = await t.graphql(`mutation ($url: String!) { createWebhook(url: $url) { secret } }`, { url });
      expect(result.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
    }
    const page = await t.graphql('{ webhookDeliveries(first: 1000) { totalCount } }');
    expect(page.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.graphql<{ webhooks: unknown[] }>('{ webhooks { id } }')).data!.webhooks).toHaveLength(count);
  });
});

describe('webhooks in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startProductionTestApp();
  });
  afterAll(() => t.close());

  it('refuses loopback and private targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true', async () => {
    expect(t.config.webhooks.allowPrivateTargets).toBe(false);
    // 6to4 and Teredo addresses are judged by the IPv4 hosts they embed (127.0.0.1 and 10.0.0.1 here).
    const tunnelled = ['http://[2002:7f00:1::]/hook', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook', 'http://[2001:0:a00:1:8000:63bf:f7f7:f7f7]/hook'];
    for (const url of ['http://127.0.0.1:9000/hook', 'http://192.168.1.10/hook', 'http://[fe80::1]/hook', 'http://localhost/hook', ...tunnelled]) {
      const result = await t.graphql(`mutation ($url: String!) { createWebhook(url: $url) { secret } }`, { url });
      expect(result.errors?.[0]?.extensions?.code, url).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(/WEBHOOK_ALLOW_PRIVATE_TARGETS=true/);
    }
    const allowed = await t.graphql<{ createWebhook: { webhook: { url: string } } }>(`mutation { createWebhook(url: "https://hooks.slack.com/services/T0/B0/X") { webhook { url } } }`);
    expect(allowed.data!.createWebhook.webhook.url).toBe('https://hooks.slack.com/services/T0/B0/X');
    const publicTunnel = await t.graphql<{ createWebhook: { webhook: { url: string } } }>(`mutation { createWebhook(url: "https://[2002:808:808::1]/hook") { webhook { url } } }`);
    expect(publicTunnel.data!.createWebhook.webhook.url).toBe('https://[2002:808:808::1]/hook');
  });
});
