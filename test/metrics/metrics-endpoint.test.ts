import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { MAX_OPERATION_NAMES } from '../../src/metrics/metrics.js';
import { TOPICS } from '../../src/pubsub/index.js';
import { connectLive, subscribe } from '../alerts/live-client.js';
import { loadRecentTraffic } from '../scheduler/jobs-harness.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { has, parseExposition, total, type Sample } from '../support/prometheus-text.js';
import { startProductionTestApp, startTestApp, type TestApp } from '../support/test-app.js';

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`, { headers });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

function anomaly(i: number): AnomalyView {
  const ip = `198.51.100.${i}`;
  return {
    kind: 'NEW_SENDING_IP', modelId: null, sourceIp: ip, domain: 'example.com', policyDomains: ['example.com'], score: -0.8,
    windowStart: new Date(Date.now() - 7 * 86_400_000), windowEnd: new Date(), features: { messages: 120 }, reasons: ['first mail from this IP'], details: [],
    geolocation: { ip, found: true, fromCache: true, countryCode: 'DE', countryName: 'Germany', subdivision: null, city: null, latitude: null, longitude: null, accuracyRadiusKm: null, asn: null, asOrganization: null, reservedRange: null },
    detectedAt: new Date(),
  };
}

describe('GET /metrics after real work', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ runJobs: false });
  });
  afterAll(() => t?.close());

  it('counts uploads, refusals, GraphQL operations, WebSockets, subscription deliveries, alerts and job runs', async () => {
    const before = await scrape(t.app.url);
    const auth = { authorization: `Bearer ${t.adminToken}` };

    const report = oneRecordReport({ sourceIp: '8.8.8.8', count: '5' });
    const stored = await fetch(`${t.app.url}/reports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: report });
    expect(stored.status).toBe(201);
    const refused = await fetch(`${t.app.url}/reports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: '<feedback><nope' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const refusalCode = ((await refused.json()) as { error: { code: string } }).error.code;

    const query = await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query MetricsProbe { me { email } }' }) });
    expect(query.status).toBe(200);
    await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query Anonymous { me { email } }' }) });

    const client = connectLive(t.app.url, { authorization: `Bearer ${t.adminToken}` });
    const live = subscribe<{ alertRaised: { sourceIp: string } }>(client, 'subscription Live { alertRaised { sourceIp } }');
    // Subscribed once the hub counts it.
    await expect.poll(async () => total(await scrape(t.app.url), 'dmarc_subscriptions', { topic: TOPICS.alertRaised })).toBe(1);
    const during = await scrape(t.app.url);
    expect(total(during, 'dmarc_websocket_connections')).toBe(1);

    await t.app.services.alerts.processDetection([anomaly(1), anomaly(2)]);
    await live.waitFor((received) => received.length === 2);
    const run = await t.app.services.jobs.runHere('purge-history-daily');
    expect(run.outcome).toBe('SUCCEEDED');

    const after = await scrape(t.app.url);
    const moved = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);

    expect(moved('dmarc_ingest_files_total', { channel: 'http', outcome: 'stored' })).toBe(1);
    expect(moved('dmarc_ingest_files_total', { channel: 'http', outcome: 'refused' })).toBe(1);
    expect(moved('dmarc_ingest_refusals_total', { channel: 'http', code: refusalCode })).toBe(1);
    expect(moved('dmarc_ingest_reports_total', { channel: 'http', kind: 'aggregate', status: 'ingested' })).toBe(1);
    expect(moved('dmarc_ingest_records_total', { channel: 'http' })).toBe(1);
    expect(moved('dmarc_ingest_bytes_total', { channel: 'http' })).toBe(Buffer.byteLength(report) + Buffer.byteLength('<feedback><nope'));
    expect(moved('dmarc_ingest_file_duration_seconds_count', { channel: 'http' })).toBe(2);
    // The new address was geolocated through the cache: a miss.
    expect(moved('dmarc_cache_lookups_total', { cache: 'geoip', result: 'miss' })).toBeGreaterThanOrEqual(1);

    expect(moved('dmarc_http_request_duration_seconds_count', { method: 'POST', route: '/reports', status: '2xx' })).toBe(1);
    expect(moved('dmarc_http_request_duration_seconds_count', { method: 'POST', route: '/reports', status: '4xx' })).toBe(1);
    expect(moved('dmarc_graphql_operation_duration_seconds_count', { transport: 'http', type: 'query', operation: 'MetricsProbe', outcome: 'ok' })).toBe(1);
    expect(moved('dmarc_graphql_operation_duration_seconds_count', { transport: 'http', operation: 'Anonymous', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(moved('dmarc_graphql_operation_duration_seconds_count', { transport: 'ws', type: 'subscription', operation: 'Live', outcome: 'ok' })).toBe(1);

    expect(moved('dmarc_websocket_connections_opened_total')).toBe(1);
    expect(moved('dmarc_subscription_deliveries_total', { topic: TOPICS.alertRaised })).toBe(2);
    expect(moved('dmarc_alerts_raised_total', { kind: 'NEW_SENDING_IP', state: 'OPEN' })).toBe(2);
    expect(total(after, 'dmarc_alerts', { kind: 'NEW_SENDING_IP', state: 'OPEN' })).toBe(2);

    expect(moved('dmarc_job_run_duration_seconds_count', { job_name: 'purge-history-daily', outcome: 'SUCCEEDED' })).toBe(1);
    expect(total(before, 'dmarc_job_last_success_timestamp_seconds', { job_name: 'purge-history-daily' })).toBe(0);
    expect(total(after, 'dmarc_job_last_success_timestamp_seconds', { job_name: 'purge-history-daily' })).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(has(after, 'dmarc_jobs_running', { job_name: 'train-anomaly-model-weekly' })).toBe(true);

    // Process and event-loop metrics (prom-client's defaults).
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) expect(has(after, name), name).toBe(true);
    expect(has(after, 'dmarc_build_info')).toBe(true);

    await live.dispose();
    await client.dispose();
    await expect.poll(async () => total(await scrape(t.app.url), 'dmarc_websocket_connections')).toBe(0);
  });

  it('shows the deployed model\'s age once a model is deployed', async () => {
    expect(has(await scrape(t.app.url), 'dmarc_model_age_seconds')).toBe(false);
    await loadRecentTraffic(t);
    const trained = await t.graphql<{ trainModel: { id: string } }>('mutation { trainModel(input: { days: 28, seed: 7 }) { id } }');
    const { id } = trained.data!.trainModel;
    await t.graphql('mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id });
    const age = total(await scrape(t.app.url), 'dmarc_model_age_seconds', { model: id });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
  });

  it('keeps client-chosen operation names to a bounded set', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `Generated${i}`);
    for (const name of names) await t.graphql(`query ${name} { me { email } }`);
    const samples = await scrape(t.app.url);
    const seen = new Set(samples.filter((s) => s.name === 'dmarc_graphql_operation_duration_seconds_count').map((s) => s.labels.operation));
    // The first MAX_OPERATION_NAMES names, "(other)" for the rest, "(anonymous)" for unnamed ones.
    expect(seen.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
    expect(seen.has('(other)')).toBe(true);
  });
});

describe('who may read the metrics', () => {
  it('in production: only with the bearer METRICS_TOKEN', async () => {
    const token = 'Qx8vN2kR7mT4pL9wZ3cB6yH1fJ5sD0gA';
    const t = await startProductionTestApp({ env: { METRICS_TOKEN: token } });
    try {
      expect((await fetch(`${t.app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${t.app.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect(has(await scrape(t.app.url, { authorization: `Bearer ${token}` }), 'dmarc_build_info')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('in production without a token: not on the API port; on METRICS_PORT\'s own listener', async () => {
    const t = await startProductionTestApp();
    try {
      const refused = await fetch(`${t.app.url}/metrics`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/METRICS_TOKEN or METRICS_PORT/);
    } finally {
      await t.close();
    }
    const separate = await startProductionTestApp({ env: { METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' } });
    try {
      expect(separate.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(has(await scrape(separate.app.metricsUrl!), 'dmarc_build_info')).toBe(true);
      expect((await fetch(`${separate.app.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${separate.app.metricsUrl}/graphql`)).status).toBe(404);
    } finally {
      await separate.close();
    }
  });
});
