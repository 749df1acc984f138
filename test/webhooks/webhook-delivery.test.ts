import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryStatus } from '../../entities/webhook-delivery.entity.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verifyWebhookSignature, WebhookService, type WebhookSettings } from '../../src/webhooks/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';
import { sampleAlert } from './sample-alert.js';
import { WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'receiver-shared-secret-1234';
const T0 = Date.parse('2026-12-01T10:00:00Z');

const settings: WebhookSettings = {
  allowPrivateTargets: true,
  connectTimeoutMs: 2_000,
  timeoutMs: 2_000,
  maxAttempts: 4,
  concurrency: 4,
  maxPendingPerWebhook: 100,
};

describe('webhook deliveries against a real HTTP receiver', () => {
  let t: TestOrm;
  let now = T0;
  const receivers: WebhookReceiver[] = [];
  const services: WebhookService[] = [];

  /** A service on the test database whose clock the test moves; jitter fixed at its middle (no jitter). */
  const service = (overrides: Partial<WebhookSettings> = {}) => {
    const created = new WebhookService({ em: t.orm.em, logger: silentLogger, settings: { ...settings, ...overrides }, now: () => new Date(now), random: () => 0.5 });
    services.push(created);
    return created;
  };
  const receiver = async (...args: Parameters<typeof WebhookReceiver.start>) => {
    const started = await WebhookReceiver.start(...args);
    receivers.push(started);
    return started;
  };
  const delivery = async (webhooks: WebhookService, webhookId: string) => (await webhooks.deliveries({ webhookId, first: 10 })).edges.map((edge) => edge.node);

  beforeAll(async () => {
    t = await openTestOrm({ poolMax: 6 });
  });
  afterEach(async () => {
    // Receivers first: their hanging requests end, so the services' passes finish at once.
    for (const started of receivers.splice(0)) await started.close();
    for (const created of services.splice(0)) await created.stop();
    await t.rows('delete from "webhooks"');
    now = T0;
  });
  afterAll(() => t.close());

  it('POSTs the alert as signed JSON with a Slack-ready text, delivery id and event headers', async () => {
    const hook = await receiver();
    const webhooks = service();
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    const alert = sampleAlert();

    expect(await webhooks.enqueue(alert)).toBe(1);
    // Sent in the background: enqueue resolved once the delivery was stored.
    const [request] = await hook.waitForRequests(1);
    await webhooks.whenIdle();

    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    const check = verifyWebhookSignature(SECRET, request!.headers[SIGNATURE_HEADER] as string, request!.body, Math.floor(now / 1000));
    expect(check).toEqual({ valid: true, timestamp: Math.floor(now / 1000) });
    // The signature covers the body: one changed byte, or another secret, fails.
    expect(verifyWebhookSignature(SECRET, request!.headers[SIGNATURE_HEADER] as string, request!.body.replace('203.0.113.7', '203.0.113.8'), Math.floor(now / 1000)).valid).toBe(false);
    expect(verifyWebhookSignature('another-secret-of-16+', request!.headers[SIGNATURE_HEADER] as string, request!.body, Math.floor(now / 1000)).valid).toBe(false);
    // Replay protection: ten minutes later the same request is refused.
    expect(verifyWebhookSignature(SECRET, request!.headers[SIGNATURE_HEADER] as string, request!.body, Math.floor(now / 1000) + 600)).toEqual({ valid: false, reason: 'timestamp outside the tolerance' });

    const body = JSON.parse(request!.body) as { id: string; type: string; text: string; alert: unknown };
    const [stored] = await delivery(webhooks, webhook.id);
    expect(body.id).toBe(stored!.id);
    expect(request!.headers[DELIVERY_HEADER]).toBe(stored!.id);
    expect(request!.headers[EVENT_HEADER]).toBe('alert.raised');
    expect(body.type).toBe('alert.raised');
    expect(body.alert).toEqual({
      id: alert.id, kind: 'NEW_SENDING_IP', state: 'OPEN', score: 0.82, sourceIp: '203.0.113.7', domains: ['example.com'], reasons: alert.reasons, modelId: null,
      // The same place as GraphQL's Alert.geolocation.
      geolocation: {
        ip: '203.0.113.7', found: true, fromCache: true, countryCode: 'DE', countryName: null, subdivision: null, city: 'Berlin',
        latitude: 52.52, longitude: 13.4, accuracyRadiusKm: null, asn: 64500, asOrganization: 'Example Net', reservedRange: null,
      },
      messageCount: 120, firstSeenAt: '2026-11-30T08:00:00.000Z', lastSeenAt: '2026-11-30T08:00:00.000Z', createdAt: '2026-11-30T09:00:00.000Z',
      stateChangedAt: null, stateChangedBy: null, comment: null, evidence: {}, suppressionRuleId: null, failureReportCount: 0, sender: null,
      // Without an alert service to ask (this test's service has none), no history is known.
      history: [],
    });
    // What a Slack incoming webhook shows.
    expect(body.text).toContain('*New DMARC alert*: new sending IP, anomaly score 0.82');
    expect(body.text).toContain('203.0.113.7 (AS64500 Example Net, Berlin, DE) sent 120 messages as example.com');
    expect(body.text).toContain('• first mail from this IP for example.com');

    expect(stored).toMatchObject({ status: WebhookDeliveryStatus.SUCCEEDED, attempts: 1, responseStatus: 204, lastError: null, nextAttemptAt: null, eventType: 'alert.raised', alertId: alert.id });
    expect(stored!.completedAt?.getTime()).toBe(now);
  });

  it('escapes Slack control characters in the text', async () => {
    const hook = await receiver();
    const webhooks = service();
    await webhooks.create({ url: hook.url, secret: SECRET });
    await webhooks.enqueue(sampleAlert({ reasons: ['<!channel> & friends'] }));
    const [request] = await hook.waitForRequests(1);
    expect(JSON.parse(request!.body).text).toContain('• &lt;!channel&gt; &amp; friends');
  });

  it('names the sender in the text and the payload when the alert knows it', async () => {
    const hook = await receiver();
    const webhooks = service();
    await webhooks.create({ url: hook.url, secret: SECRET });
    const sender = {
      id: 'c2VuZGVy', domain: 'example.com', name: 'Twilio SendGrid', type: 'ESP_MARKETING', classification: 'MISCONFIGURED', confidence: 0.85, approval: 'UNDECIDED',
      summary: 'Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)',
    };
    await webhooks.enqueue(sampleAlert({ sender }));
    const [request] = await hook.waitForRequests(1);
    const body = JSON.parse(request!.body) as { text: string; alert: { sender: unknown } };
    expect(body.text).toContain('Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned) at 203.0.113.7 (AS64500 Example Net, Berlin, DE) sent 120 messages as example.com');
    expect(body.alert.sender).toEqual(sender);
  });

  it('sends only to enabled webhooks whose filter matches', async () => {
    const hook = await receiver();
    const webhooks = service();
    const byDomain = await webhooks.create({ url: `${hook.url}?domain`, secret: SECRET, filter: { domains: ['EXAMPLE.org'] } });
    const byKind = await webhooks.create({ url: `${hook.url}?kind`, secret: SECRET, filter: { kinds: ['MODEL'] } });
    const byScore = await webhooks.create({ url: `${hook.url}?score`, secret: SECRET, filter: { minScore: 0.9 } });
    const byCountry = await webhooks.create({ url: `${hook.url}?country`, secret: SECRET, filter: { countries: ['de', 'fr'] } });
    const everything = await webhooks.create({ url: `${hook.url}?all`, secret: SECRET });
    const disabled = await webhooks.create({ url: `${hook.url}?disabled`, secret: SECRET });
    await webhooks.update(disabled.webhook.id, { enabled: false });

    expect(await webhooks.enqueue(sampleAlert({ domains: ['example.com', 'example.org'], kind: 'NEW_COUNTRY', score: 0.5, countryCode: 'DE' }))).toBe(3);
    await hook.waitForRequests(3);
    await webhooks.whenIdle();
    expect(hook.requests.map((r) => r.path).sort()).toEqual(['/hook?all', '/hook?country', '/hook?domain']);

    hook.requests.length = 0;
    expect(await webhooks.enqueue(sampleAlert({ domains: ['example.net'], kind: 'MODEL', score: 0.95, countryCode: null }))).toBe(3);
    await hook.waitForRequests(3);
    await webhooks.whenIdle();
    expect(hook.requests.map((r) => r.path).sort()).toEqual(['/hook?all', '/hook?kind', '/hook?score']);
    expect(await delivery(webhooks, disabled.webhook.id)).toEqual([]);
    expect((await delivery(webhooks, byKind.webhook.id)).length + (await delivery(webhooks, byScore.webhook.id)).length).toBe(2);
    expect((await delivery(webhooks, byDomain.webhook.id)).length + (await delivery(webhooks, byCountry.webhook.id)).length + (await delivery(webhooks, everything.webhook.id)).length).toBe(4);
  });

  it('retries after 500s with exponential backoff, same delivery id and body, until the receiver takes it', async () => {
    const hook = await receiver((_request, n) => (n <= 2 ? { status: 500, body: 'database is down' } : { status: 200 }));
    const webhooks = service();
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(1);
    await webhooks.whenIdle();

    let [state] = await delivery(webhooks, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.PENDING, attempts: 1, responseStatus: 500, lastError: 'HTTP 500: database is down' });
    expect(state!.nextAttemptAt!.getTime() - now).toBe(30_000);

    // Not due yet: nothing is sent.
    now += 29_000;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 0, succeeded: 0, failed: 0, retrying: 0 });
    now += 1_000;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, succeeded: 0, failed: 0, retrying: 1 });
    [state] = await delivery(webhooks, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.PENDING, attempts: 2 });
    // The second wait is longer: 2 minutes.
    expect(state!.nextAttemptAt!.getTime() - now).toBe(120_000);

    now += 120_000;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, succeeded: 1, failed: 0, retrying: 0 });
    [state] = await delivery(webhooks, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.SUCCEEDED, attempts: 3, responseStatus: 200, lastError: null, nextAttemptAt: null });

    expect(hook.requests).toHaveLength(3);
    expect(new Set(hook.requests.map((r) => r.headers[DELIVERY_HEADER])).size).toBe(1);
    expect(new Set(hook.requests.map((r) => r.body)).size).toBe(1);
    // Each attempt is signed afresh, with the time it was sent.
    const timestamps = hook.requests.map((r) => verifyWebhookSignature(SECRET, r.headers[SIGNATURE_HEADER] as string, r.body, Number(/t=(\d+)/.exec(r.headers[SIGNATURE_HEADER] as string)![1])));
    expect(timestamps.map((check) => check.valid && check.timestamp)).toEqual([T0 / 1000, (T0 + 30_000) / 1000, (T0 + 150_000) / 1000]);
  });

  it('gives up after the last attempt: FAILED with the last error, visible in the delivery list', async () => {
    const hook = await receiver(() => ({ status: 503, body: 'x'.repeat(10_000) }));
    const webhooks = service({ maxAttempts: 3 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(1);
    await webhooks.whenIdle();
    now += 40_000;
    await webhooks.deliverDue();
    now += 150_000;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 1, succeeded: 0, failed: 1, retrying: 0 });
    now += 10 * 86_400_000;
    expect(await webhooks.deliverDue()).toEqual({ attempted: 0, succeeded: 0, failed: 0, retrying: 0 });

    const page = await webhooks.deliveries({ first: 10 });
    expect(page.totalCount).toBe(1);
    const failed = page.edges[0]!.node;
    expect(failed).toMatchObject({ webhookId: webhook.id, status: WebhookDeliveryStatus.FAILED, attempts: 3, maxAttempts: 3, responseStatus: 503, nextAttemptAt: null });
    // Only the start of the answer is kept.
    expect(failed.lastError).toMatch(/^HTTP 503: x+$/);
    expect(failed.lastError!.length).toBeLessThan(400);
    expect(hook.requests).toHaveLength(3);
  });

  it('counts a receiver that does not answer in time as a failed attempt and retries it', async () => {
    const hook = await receiver((_request, n) => (n === 1 ? 'hang' : { status: 200 }));
    const webhooks = service({ timeoutMs: 300 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(1);
    await webhooks.whenIdle();
    let [state] = await delivery(webhooks, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.PENDING, attempts: 1, responseStatus: null, lastError: 'Timed out after 300 ms' });

    now += 30_000;
    expect(await webhooks.deliverDue()).toMatchObject({ succeeded: 1 });
    [state] = await delivery(webhooks, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.SUCCEEDED, attempts: 2 });
  });

  it('does not follow a redirect to another host', async () => {
    const elsewhere = await receiver(undefined, '127.0.0.2');
    const hook = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const webhooks = service({ maxAttempts: 1 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(1);
    await webhooks.whenIdle();
    const [state] = await delivery(webhooks, webhook.id);
    const otherHost = new URL(elsewhere.url).host;
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.FAILED, responseStatus: 307, lastError: `Redirect 307 to ${otherHost} not followed (webhooks never follow redirects)` });
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses loopback and private targets when they are not allowed, also when a name resolves to one at send time', async () => {
    const hook = await receiver();
    const strict = service({ allowPrivateTargets: false });
    for (const url of ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest', 'http://localhost:9000/', 'http://224.0.0.1/']) {
      await expect(strict.create({ url, secret: SECRET }), url).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    // Saved while private targets were allowed (or a name that resolved to a public address then):
    // the sender checks the addresses it is about to connect to.
    const permissive = service();
    const byName = await permissive.create({ url: hook.url.replace('127.0.0.1', 'localhost'), secret: SECRET });
    const byAddress = await permissive.create({ url: hook.url, secret: SECRET });
    await permissive.update(byName.webhook.id, { enabled: false });
    await permissive.update(byAddress.webhook.id, { enabled: false });
    await permissive.stop();
    await t.rows('update "webhooks" set "enabled" = true');

    await strict.enqueue(sampleAlert());
    await strict.whenIdle();
    expect(hook.requests).toEqual([]);
    const [name] = await delivery(strict, byName.webhook.id);
    const [address] = await delivery(strict, byAddress.webhook.id);
    // Refused targets fail at once: retrying cannot help.
    expect(name).toMatchObject({ status: WebhookDeliveryStatus.FAILED, attempts: 1 });
    expect(name!.lastError).toMatch(/^Target refused: localhost resolves to a loopback address \((127\.0\.0\.1|::1)\)/);
    expect(address).toMatchObject({ status: WebhookDeliveryStatus.FAILED, attempts: 1, lastError: 'Target refused: a loopback address (127.0.0.1)' });
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    const webhooks = service();
    for (const [url, message] of [
      ['ftp://example.com/hook', /http:\/\/ or https:\/\//],
      ['file:///etc/passwd', /http:\/\/ or https:\/\//],
      ['https://user:pass@example.com/hook', /user name or password/],
      ['not a url', /not a valid URL/],
    ] as const) {
      await expect(webhooks.create({ url, secret: SECRET }), url).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    }
    await expect(webhooks.create({ url: 'https://example.com/hook', secret: 'short' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(webhooks.create({ url: 'https://example.com/hook', filter: { minScore: 2 } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(webhooks.create({ url: 'https://example.com/hook', filter: { countries: ['Germany'] } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await webhooks.list()).toEqual([]);
  });

  it('sends again when a sender vanished mid-attempt, and ignores that sender if it comes back late', async () => {
    const hook = await receiver((_request, n) => (n === 1 ? 'hang' : { status: 200 }));
    // Sender A takes the delivery and never comes back (its request hangs; it might as well have crashed).
    const a = service({ timeoutMs: 60_000 });
    const { webhook } = await a.create({ url: hook.url, secret: SECRET });
    await a.enqueue(sampleAlert());
    await hook.waitForRequests(1);

    // Sender B (another process) sees nothing due while A's lease runs, then sends it again.
    const b = service();
    now += 60_000;
    expect(await b.deliverDue()).toMatchObject({ attempted: 0 });
    now += 61_000;
    expect(await b.deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
    const ids = hook.requests.map((r) => r.headers[DELIVERY_HEADER]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);

    // A's attempt ends late (a failure): it does not overwrite B's result.
    hook.releaseHanging();
    await a.whenIdle();
    const [state] = await delivery(b, webhook.id);
    expect(state).toMatchObject({ status: WebhookDeliveryStatus.SUCCEEDED, attempts: 2, responseStatus: 200, lastError: null });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    // The first request is held long enough for the other five to be queued behind it.
    const hook = await receiver((_request, n) => ({ status: 200, delayMs: n === 1 ? 1_000 : 100 }));
    const webhooks = service({ concurrency: 2 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    for (let i = 0; i < 6; i++) await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(6);
    await webhooks.whenIdle();
    expect(hook.maxInFlight).toBe(2);
    const page = await webhooks.deliveries({ webhookId: webhook.id, first: 10 });
    expect(page.edges.map((edge) => edge.node.status)).toEqual(Array(6).fill(WebhookDeliveryStatus.SUCCEEDED));
  });

  it('records events beyond the pending limit of a webhook as FAILED instead of queueing them', async () => {
    const hook = await receiver(() => 'hang');
    const webhooks = service({ concurrency: 1, maxPendingPerWebhook: 3, timeoutMs: 10_000 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET });
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push(await webhooks.enqueue(sampleAlert()));
    expect(queued).toEqual([1, 1, 1, 0, 0]);
    const page = await webhooks.deliveries({ webhookId: webhook.id, first: 10 });
    const dropped = page.edges.map((edge) => edge.node).filter((node) => node.status === WebhookDeliveryStatus.FAILED);
    expect(dropped).toHaveLength(2);
    expect(dropped.every((node) => node.attempts === 0 && node.lastError === 'Not sent: 3 deliveries already waiting for this webhook')).toBe(true);
  });

  it('counts the deliveries of one batch against the pending limit, and matches each alert of it on its own', async () => {
    const hook = await receiver(() => 'hang');
    const webhooks = service({ concurrency: 1, maxPendingPerWebhook: 3, timeoutMs: 10_000 });
    const { webhook } = await webhooks.create({ url: hook.url, secret: SECRET, filter: { domains: ['example.com'] } });
    const batch = [1, 2, 3, 4, 5].map(() => sampleAlert({ domains: ['example.com'] }));
    batch.splice(2, 0, sampleAlert({ domains: ['elsewhere.example'] }));
    expect(await webhooks.enqueueMany(batch)).toBe(3);
    const page = await webhooks.deliveries({ webhookId: webhook.id, first: 10 });
    expect(page.totalCount).toBe(5);
    expect(page.edges.filter((edge) => edge.node.status === WebhookDeliveryStatus.FAILED)).toHaveLength(2);
    expect(page.edges.map((edge) => edge.node.alertId)).not.toContain(batch[2]!.id);
  });
});
