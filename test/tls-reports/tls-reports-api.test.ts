import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { tlsFixture, tlsReportEmail, tlsReportJson } from '../fixtures/report-kinds.js';
import { connectLive, eventually, subscribe } from '../alerts/live-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { WebhookReceiver } from '../webhooks/webhook-receiver.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - n * DAY);
};

const INGEST = `mutation($content: String!, $encoding: ReportEncoding!) { ingestReport(content: $content, encoding: $encoding) {
  tlsReports { status id orgName reportId policyDomains warnings tlsReport { id successfulSessions failedSessions } } } }`;

describe('SMTP TLS reports through the API', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let viewer: string;
  /** Text (JSON) as text, bytes (gzip, e-mail) as base64. */
  const ingest = async (content: Buffer | string) => {
    const result = await t.graphql<{ ingestReport: { tlsReports: { status: string; id: string; tlsReport: unknown }[] } }>(INGEST, {
      content: typeof content === 'string' ? content : content.toString('base64'),
      encoding: typeof content === 'string' ? 'XML' : 'BASE64',
    });
    expect(result.errors).toBeUndefined();
    return result;
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { TLS_FAILURE_ALERT_SHARE: '0.1', TLS_FAILURE_ALERT_MIN_SESSIONS: '50', TLS_FAILURE_ALERT_WINDOW_DAYS: '7', RATE_LIMIT_USER_PER_MINUTE: '100000' },
    });
    receiver = await WebhookReceiver.start();
    viewer = await t.userToken(Role.VIEWER);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('stores reports of every shape once, and lists them newest first with filters and pages', async () => {
    for (const file of ['rfc-spelling.json', 'schema-spelling.json.gz', 'tlsrpt-gzip-attachment.eml', 'tlsrpt-json-attachment.eml']) {
      const stored = await ingest(tlsFixture(file));
      expect(stored.errors, file).toBeUndefined();
      expect(stored.data!.ingestReport.tlsReports.map((r) => r.status), file).toEqual(['INGESTED']);
    }
    const text = await ingest(tlsFixture('rfc-spelling.json').toString('utf8'));
    expect(text.data!.ingestReport.tlsReports).toMatchObject([{ status: 'DUPLICATE', orgName: 'Reporter Org', tlsReport: { successfulSessions: 900, failedSessions: 100 } }]);

    type Page = { tlsReports: { totalCount: number; pageInfo: { endCursor: string; hasNextPage: boolean }; edges: { node: { reportId: string } }[] } };
    const query = `query($after: String, $domain: String, $ip: String, $type: String, $from: DateTimeISO, $to: DateTimeISO) {
      tlsReports(first: 2, after: $after, domain: $domain, sourceIp: $ip, resultType: $type, from: $from, to: $to) {
        totalCount pageInfo { endCursor hasNextPage } edges { node { reportId } } } }`;
    const first = await t.graphql<Page>(query, { domain: 'EXAMPLE.com' }, { token: viewer });
    expect(first.data!.tlsReports.totalCount).toBe(4);
    expect(first.data!.tlsReports.edges.map((e) => e.node.reportId)).toEqual(['2026-12-05T00:00:00Z_example.com@provider.example-json', '2026-12-05T00:00:00Z_example.com@provider.example']);
    const next = await t.graphql<Page>(query, { domain: 'example.com', after: first.data!.tlsReports.pageInfo.endCursor }, { token: viewer });
    expect(next.data!.tlsReports.edges.map((e) => e.node.reportId)).toEqual(['other-2026-12-02-example.com', '2026-12-01T00:00:00Z_example.com']);
    const filtered = async (variables: Record<string, unknown>) => (await t.graphql<Page>(query, variables, { token: viewer })).data!.tlsReports.edges.map((e) => e.node.reportId);
    expect(await filtered({ domain: 'example.net' })).toEqual(['other-2026-12-02-example.com']);
    expect(await filtered({ type: 'certificate-expired' })).toEqual(['2026-12-01T00:00:00Z_example.com']);
    expect(await filtered({ ip: '2001:db8::10' })).toEqual(['2026-12-01T00:00:00Z_example.com']);
    expect(await filtered({ from: '2026-12-02T00:00:00Z', to: '2026-12-03T00:00:00Z' })).toEqual(['other-2026-12-02-example.com']);
  });

  it('shows one report with its policies and failure details', async () => {
    const id = (await t.graphql<{ tlsReports: { edges: { node: { id: string } }[] } }>('{ tlsReports(resultType: "certificate-expired") { edges { node { id } } } }')).data!.tlsReports.edges[0]!.node.id;
    const report = await t.graphql(`query($id: ID!) { tlsReport(id: $id) { orgName contactInfo dateBegin policyDomains successfulSessions failedSessions warnings
      policies { policyType policyDomain policyStrings mxHosts successfulSessions failedSessions
        failureDetails { resultType sendingMtaIp receivingIp receivingMxHostname receivingMxHelo failedSessions additionalInformation failureReasonCode } } } }`, { id }, { token: viewer });
    expect(report.errors).toBeUndefined();
    expect(report.data).toEqual({
      tlsReport: {
        orgName: 'Reporter Org', contactInfo: 'tls-reports@reporter.example', dateBegin: '2026-12-01T00:00:00.000Z', policyDomains: ['example.com'],
        successfulSessions: 900, failedSessions: 100, warnings: [],
        policies: [{
          policyType: 'sts', policyDomain: 'example.com', policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx1.example.com', 'mx: mx2.example.com', 'max_age: 604800'],
          mxHosts: ['mx*.example.com'], successfulSessions: 900, failedSessions: 100,
          failureDetails: [
            { resultType: 'certificate-expired', sendingMtaIp: '192.0.2.10', receivingIp: '198.51.100.25', receivingMxHostname: 'mx1.example.com', receivingMxHelo: null, failedSessions: 60, additionalInformation: 'https://reporter.example/tls/why?id=1', failureReasonCode: null },
            { resultType: 'starttls-not-supported', sendingMtaIp: '2001:db8::10', receivingIp: null, receivingMxHostname: 'mx2.example.com', receivingMxHelo: 'mx2', failedSessions: 40, additionalInformation: null, failureReasonCode: '421 no TLS' },
          ],
        }],
      },
    });
    expect((await t.graphql('{ tlsReport(id: "424242") { id } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('summarizes a domain\'s TLS per day with its top failure types, and every domain\'s success', async () => {
    await ingest(tlsReportJson({ reportId: 's-1', domain: 'summary.example', begin: daysAgo(2), successful: 90, failures: { 'certificate-expired': 10 } }));
    await ingest(tlsReportJson({ reportId: 's-2', domain: 'summary.example', begin: daysAgo(1), successful: 45, failures: { 'certificate-expired': 3, 'starttls-not-supported': 2 } }));
    await ingest(tlsReportJson({ reportId: 's-old', domain: 'summary.example', begin: daysAgo(40), successful: 1, failures: { 'dnssec-invalid': 99 } }));
    const summary = await t.graphql<{ tlsSummary: Record<string, unknown> }>(
      `{ tlsSummary(domain: "summary.example", days: 7) { domain days reports successfulSessions failedSessions successRate
        daily { date successfulSessions failedSessions successRate } topFailureTypes { resultType failedSessions share } } }`,
      undefined, { token: viewer },
    );
    expect(summary.errors).toBeUndefined();
    const day = (n: number) => daysAgo(n).toISOString().slice(0, 10);
    expect(summary.data!.tlsSummary).toEqual({
      domain: 'summary.example', days: 7, reports: 2, successfulSessions: 135, failedSessions: 15, successRate: 0.9,
      daily: [
        { date: day(2), successfulSessions: 90, failedSessions: 10, successRate: 0.9 },
        { date: day(1), successfulSessions: 45, failedSessions: 5, successRate: 0.9 },
      ],
      topFailureTypes: [
        { resultType: 'certificate-expired', failedSessions: 13, share: 13 / 15 },
        { resultType: 'starttls-not-supported', failedSessions: 2, share: 2 / 15 },
      ],
    });
    const domains = await t.graphql<{ tlsDomains: unknown[] }>('{ tlsDomains(days: 7) { domain reports successfulSessions failedSessions successRate topFailureType } }', undefined, { token: viewer });
    expect(domains.data!.tlsDomains).toContainEqual({ domain: 'summary.example', reports: 2, successfulSessions: 135, failedSessions: 15, successRate: 0.9, topFailureType: 'certificate-expired' });
    expect((await t.graphql('{ tlsSummary(domain: "summary.example", days: 0) { domain } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('raises a TLS_FAILURES alert through the alert pipeline (subscription, webhook) when a domain\'s failed share passes the threshold', async () => {
    const hook = await t.graphql('mutation($url: String!) { createWebhook(url: $url, filter: { kinds: [TLS_FAILURES] }) { secret } }', { url: receiver.url });
    expect(hook.errors).toBeUndefined();
    const client = connectLive(t.app.url, { token: viewer });
    const live = subscribe<{ alertRaised: { kind: string; sourceIp: string | null; domains: string[] } }>(client, 'subscription { alertRaised(filter: { kinds: [TLS_FAILURES] }) { kind sourceIp domains } }');
    try {
      await eventually(() => t.app.services.subscriptions.subscriberCount > 0, 10_000, 'subscribed');
      // 5 % failed: under the 10 % threshold.
      await ingest(tlsReportJson({ reportId: 'a-1', domain: 'alerted.example', begin: daysAgo(3), successful: 95, failures: { 'certificate-expired': 5 } }));
      // Too few sessions to mean anything, however many failed.
      await ingest(tlsReportJson({ reportId: 'q-1', domain: 'quiet.example', begin: daysAgo(1), successful: 1, failures: { 'starttls-not-supported': 9 } }));
      const alerts = async () =>
        (await t.graphql<{ alerts: { edges: { node: Record<string, unknown> }[] } }>('{ alerts(filter: { kinds: [TLS_FAILURES] }) { edges { node { id kind state score sourceIp domains reasons evidence messageCount geolocation { countryCode } } } } }')).data!.alerts.edges.map((e) => e.node);
      expect(await alerts()).toEqual([]);
      // Now 65 of 200 sessions in the window failed: 32.5 %.
      await ingest(tlsReportEmail(tlsReportJson({ reportId: 'a-2', domain: 'alerted.example', begin: daysAgo(1), successful: 40, failures: { 'certificate-expired': 40, 'sts-policy-fetch-error': 20 } })));
      const [alert] = await alerts();
      expect(alert).toEqual({
        id: expect.any(String), kind: 'TLS_FAILURES', state: 'OPEN', score: 0.325, sourceIp: null, domains: ['alerted.example'], geolocation: null, messageCount: 65,
        reasons: ['33 % of 200 TLS sessions to alerted.example failed in the last 7 days (alert above 10 %)', 'failed by result type: certificate-expired 45, sts-policy-fetch-error 20'],
        evidence: { sessions: 200, failedSessions: 65, failureShare: 0.325, 'certificate-expired': 45, 'sts-policy-fetch-error': 20 },
      });
      await live.waitFor((received) => received.length > 0);
      expect(live.received).toEqual([{ alertRaised: { kind: 'TLS_FAILURES', sourceIp: null, domains: ['alerted.example'] } }]);
      await eventually(() => receiver.requests.length > 0, 20_000, 'webhook delivered');
      const delivered = JSON.parse(receiver.requests[0]!.body) as { type: string; text: string; alert: Record<string, unknown> };
      expect(delivered).toMatchObject({ type: 'alert.raised', alert: { id: alert!.id, kind: 'TLS_FAILURES', sourceIp: null, domains: ['alerted.example'], messageCount: 65 } });
      expect(delivered.text).toContain('alerted.example: 65 failed TLS sessions');
      // A further report refreshes the open alert: still one.
      await ingest(tlsReportJson({ reportId: 'a-3', domain: 'alerted.example', begin: daysAgo(0), successful: 0, failures: { 'certificate-expired': 35 } }));
      const after = await alerts();
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ id: alert!.id, messageCount: 100, evidence: { sessions: 235, failedSessions: 100, 'certificate-expired': 80 } });
    } finally {
      await live.dispose();
      await client.dispose();
    }
  });
});
