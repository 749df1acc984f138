import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { projectRoot } from '../../src/paths.js';
import { connectLive, subscribe, type LiveSubscription } from '../alerts/live-client.js';
import { loadRecentTraffic } from '../scheduler/jobs-harness.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { launchChromium, screenshot } from '../support/browser.js';
import { PROMETHEUS, startPrometheus, type PrometheusServer, type RangeAnswer } from '../support/prometheus-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { dashboardHtml, type DashboardData, type RenderedPanel } from './dashboard-renderer.js';

interface GrafanaPanel {
  readonly type: string;
  readonly title: string;
  readonly gridPos: RenderedPanel['gridPos'];
  readonly fieldConfig?: { readonly defaults?: { readonly unit?: string } };
  readonly targets?: readonly { readonly expr: string; readonly legendFormat: string }[];
}

const DASHBOARD = join(projectRoot, 'deploy', 'grafana', 'dashboards', 'dmarc-analytics.json');
const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { title: string; panels: GrafanaPanel[] };
/** How long the workload runs while Prometheus scrapes every second. */
const WORKLOAD_MS = 30_000;
/** Grafana's $__rate_interval for a 1 s scrape interval is 4 s; a little more smooths the lines. */
const RATE_INTERVAL = '6s';

/**
 * The Grafana dashboard (deploy/grafana/dashboards) against real data: the server does real work
 * for half a minute (uploads, refusals, GraphQL operations, live alerts to WebSocket subscribers,
 * job runs, a deployed model) while a real Prometheus scrapes /metrics every second; then every
 * panel's own query is asked of that Prometheus (each must be valid PromQL and most must have
 * data), and the panels are drawn in Chromium where the dashboard places them
 * (test-artifacts/dashboard.png, the README's docs/dashboard.png).
 */
describe('the Grafana dashboard, from a real Prometheus', () => {
  let t: TestApp;
  let prometheus: PrometheusServer;
  let start: number;
  let end: number;
  const answers = new Map<string, RangeAnswer>();

  beforeAll(async () => {
    // The test's traffic comes from one address and one account, standing for many: limits that would refuse it are raised.
    t = await startTestApp({ runJobs: false, env: { RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000' } });
    await loadRecentTraffic(t);
    const trained = await t.graphql<{ trainModel: { id: string } }>('mutation { trainModel(input: { days: 28, seed: 7 }) { id } }');
    await t.graphql('mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id: trained.data!.trainModel.id });
    prometheus = await startPrometheus(new URL(t.app.url).host, 1);
    start = Math.floor(Date.now() / 1000);
    await workload(t, WORKLOAD_MS);
    // Two more scrapes, so the last of the work is in.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    end = Math.floor(Date.now() / 1000);
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        answers.set(target.expr, await prometheus.queryRange(queryOf(target.expr, end - start), { start, end, step: 1 }));
      }
    }
  }, WORKLOAD_MS + 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await t?.close();
  });

  it('every panel query is valid PromQL, and the panels of work that happened have data', () => {
    const failed = [...answers].filter(([, answer]) => answer.status === 'error');
    expect(failed).toEqual([]);
    const withData = (title: string) => {
      const panel = dashboard.panels.find((p) => p.title === title)!;
      return panel.targets!.some((target) => {
        const answer = answers.get(target.expr)!;
        return answer.status === 'success' && answer.series.some((s) => s.values.some(([, v]) => v > 0));
      });
    };
    for (const title of [
      'HTTP requests by route', 'HTTP latency p95 by route', 'GraphQL operations by outcome', 'GraphQL latency p95 by operation', 'GraphQL errors by code',
      'WebSocket connections', 'Subscriptions by topic', 'Fan-out deliveries', 'Files by outcome', 'Records and reports stored', 'Refusals by code',
      'Bytes received', 'File ingestion p95', 'GeoIP and DNS cache hit rate', 'Job runs by outcome', 'Time since each job\'s last success',
      'Job run p95 duration', 'Alerts raised by kind', 'Alerts by state', 'Deployed model age', 'CPU', 'Memory', 'Open file descriptors',
    ]) expect(withData(title), title).toBe(true);
  });

  it('renders the panels in Chromium where the dashboard places them', async () => {
    const data: DashboardData = {
      title: dashboard.title,
      caption: `Not Grafana: every panel of deploy/grafana/dashboards/dmarc-analytics.json drawn by a test-only renderer from a real Prometheus answering the panel's own query, scraping the server every second during ${WORKLOAD_MS / 1000} s of test traffic (test/metrics/dashboard.test.ts).`,
      start,
      end,
      panels: dashboard.panels.map((panel) => ({
        type: panel.type,
        title: panel.title,
        unit: panel.fieldConfig?.defaults?.unit ?? 'short',
        gridPos: panel.gridPos,
        targets: (panel.targets ?? []).map((target) => {
          const answer = answers.get(target.expr)!;
          return { legendFormat: target.legendFormat, series: answer.status === 'success' ? answer.series : [] };
        }),
      })),
    };
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.setContent(dashboardHtml(data));
      const texts = await page.locator('body').innerText();
      for (const panel of dashboard.panels) expect(texts).toContain(panel.title);
      await page.setViewportSize({ width: 1600, height: await page.locator('body').evaluate((body) => body.scrollHeight) });
      await screenshot(page, 'dashboard');
    } finally {
      await browser.close();
    }
  });

  it('every metric name is valid for Prometheus (promtool check metrics)', async () => {
    const text = await (await fetch(`${t.app.url}/metrics`)).text();
    const promtool = join(PROMETHEUS, '..', 'promtool');
    // Exit 0 unless a metric is malformed; its lint notes (e.g. on the default process metrics) are printed, not failures.
    expect(() => execFileSync(promtool, ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow(/error/i);
  });
});

/** Grafana's variables, as Grafana would fill them for this range. */
function queryOf(expr: string, rangeSeconds: number): string {
  return expr.replaceAll('$__rate_interval', RATE_INTERVAL).replaceAll('$__range', `${rangeSeconds}s`);
}

const SENDERS = ['8.8.8.8', '1.1.1.1', '9.9.9.9', '80.80.80.80', '193.0.6.139', '208.67.222.222', '77.88.8.8', '185.228.168.9', '94.140.14.14', '156.154.70.1',
  '64.6.64.6', '84.200.69.80', '8.26.56.26', '195.46.39.39', '91.239.100.100', '89.233.43.71', '74.82.42.42', '109.69.8.51', '45.90.28.1', '76.76.19.19'];

/** Half a minute of what a server does: uploads, refusals, reads, errors, live alerts, job runs. */
async function workload(t: TestApp, ms: number): Promise<void> {
  const auth = { authorization: `Bearer ${t.adminToken}` };
  const subscribers: { dispose(): Promise<void> }[] = [];
  const live: LiveSubscription<unknown>[] = [];
  for (let i = 0; i < 5; i++) {
    const client = connectLive(t.app.url, { authorization: `Bearer ${t.adminToken}` });
    live.push(subscribe(client, 'subscription Dashboard { alertRaised { id kind score sourceIp } }'));
    subscribers.push({ dispose: async () => client.dispose() });
  }
  const deadline = Date.now() + ms;
  let i = 0;
  let alerts = 0;
  while (Date.now() < deadline) {
    i++;
    const begin = Math.floor(Date.now() / 1000) - 86_400;
    // Public resolvers' addresses, each seen again every 20 uploads: the geolocation cache's misses, then hits.
    const report = oneRecordReport({ sourceIp: SENDERS[i % SENDERS.length]!, count: String(1 + (i % 40)) })
      .replace('<report_id>t-1</report_id>', `<report_id>dash-${i}</report_id>`)
      .replace('1700000000', String(begin))
      .replace('1700086399', String(begin + 86_399));
    const uploads = [fetch(`${t.app.url}/reports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: report })];
    if (i % 4 === 0) uploads.push(fetch(`${t.app.url}/reports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: '<feedback><broken' }));
    if (i % 3 === 0) uploads.push(fetch(`${t.app.url}/reports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: report }));
    await Promise.all(uploads);
    await Promise.all([
      t.graphql('query ReportSummary { reportSummary(days: 30) { totalMessages dmarcPassRate } }'),
      t.graphql('query Heatmap { geoHeatmap(days: 30) { maxCount } }'),
      t.graphql('query Alerts { alerts(first: 10) { totalCount } }'),
      i % 5 === 0 ? t.graphql('query Anonymous { reports(first: 1) { totalCount } }', {}, { token: null }) : undefined,
      i % 7 === 0 ? t.graphql('query TooDeep { reports(first: 100000) { edges { node { records(first: 100000) { sourceIp } } } } }') : undefined,
    ]);
    if (i % 10 === 0) {
      alerts++;
      await t.app.services.alerts.processDetection([anomaly(alerts, 'NEW_SENDING_IP'), anomaly(alerts + 100, 'VOLUME_SPIKE'), anomaly(alerts + 200, 'MODEL')]);
    }
    if (i % 6 === 0) await t.app.services.jobs.runHere(i % 12 === 0 ? 'generate-analytics-cache-daily' : 'purge-history-daily');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(live.map((subscription) => subscription.waitFor((received) => received.length >= alerts * 3)));
  // Connections stay open while Prometheus takes its last scrapes; closed by the caller's afterAll.
  setTimeout(() => void Promise.all(subscribers.map((s) => s.dispose())), 2_000);
}

function anomaly(i: number, kind: AnomalyView['kind']): AnomalyView {
  const ip = `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  return {
    kind, modelId: null, sourceIp: ip, domain: kind === 'MODEL' ? null : 'example.com', policyDomains: ['example.com'], score: -0.6 - (i % 4) / 10,
    windowStart: new Date(Date.now() - 7 * 86_400_000), windowEnd: new Date(), features: { messages: 100 + i }, reasons: ['dashboard traffic'], details: [],
    geolocation: { ip, found: true, fromCache: true, countryCode: 'DE', countryName: 'Germany', subdivision: null, city: null, latitude: null, longitude: null, accuracyRadiusKm: null, asn: null, asOrganization: null, reservedRange: null },
    detectedAt: new Date(),
  };
}
