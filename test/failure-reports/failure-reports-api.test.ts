import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { alertKey, type AlertCandidate } from '../../src/alerts/raise-alerts.js';
import { arfReport, failureFixture } from '../fixtures/report-kinds.js';
import { startTestApp, type AsOptions, type TestApp } from '../support/test-app.js';

const INGEST = `mutation($content: String!) { ingestReport(content: $content, encoding: BASE64, filename: "ruf.eml") {
  reports { id } failureReports { status id reportedDomain sourceIp warnings failureReport { id sample { subject } } } } }`;

const REPORT_FIELDS = `id format feedbackType arrivalDate sourceIp reportedDomain reporterDomain originalMailFrom originalRcptTo deliveryResult authFailure
  identityAlignment geolocation { countryCode } sample { kind from to subject messageId body urls attachmentNames headers { name value } } warnings`;

interface Ingested {
  ingestReport: { reports: unknown[]; failureReports: { status: string; id: string; reportedDomain: string; sourceIp: string | null; warnings: string[]; failureReport: unknown }[] };
}

/** An open NEW_SENDING_IP alert about `ip`, raised through the alert pipeline as detection raises one. */
function senderAlert(ip: string, now = new Date()): AlertCandidate {
  return {
    key: alertKey(ip, 'NEW_SENDING_IP', 'example.com'), kind: 'NEW_SENDING_IP', sourceIp: ip, dedupDomain: 'example.com', domains: ['example.com'],
    score: 0.9, reasons: [`${ip} started sending as example.com`], evidence: { messages: 3 }, modelId: null,
    windowStart: new Date(now.getTime() - 7 * 86_400_000), windowEnd: now, geolocation: null,
  };
}

describe('failure reports through the API', () => {
  let t: TestApp;
  const as: Record<'ANALYST' | 'VIEWER' | 'INGEST', AsOptions> = {} as never;
  const ingest = (bytes: Buffer, who?: AsOptions) => t.graphql<Ingested>(INGEST, { content: bytes.toString('base64') }, who);

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000' } });
    as.ANALYST = { token: await t.userToken(Role.ANALYST) };
    as.VIEWER = { token: await t.userToken(Role.VIEWER) };
    as.INGEST = { apiKey: await t.apiKey(Role.INGEST) };
  });
  afterAll(() => t.close());

  it('stores a failure report once (another copy is a duplicate); an INGEST key learns its id, not its content', async () => {
    const first = await ingest(arfReport({ sourceIp: '8.8.8.8', envelopeId: 'copy-1' }), as.INGEST);
    expect(first.data?.ingestReport.reports).toEqual([]);
    expect(first.data?.ingestReport.failureReports).toEqual([
      { status: 'INGESTED', id: expect.stringMatching(/^\d+$/), reportedDomain: 'example.com', sourceIp: '8.8.8.8', warnings: [], failureReport: null },
    ]);
    expect(first.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['ingestReport.failureReports.0.failureReport', 'FORBIDDEN']]);
    const again = await ingest(arfReport({ sourceIp: '8.8.8.8', envelopeId: 'copy-2' }));
    expect(again.errors).toBeUndefined();
    expect(again.data?.ingestReport.failureReports).toEqual([
      expect.objectContaining({ status: 'DUPLICATE', id: first.data!.ingestReport.failureReports[0]!.id, failureReport: { id: first.data!.ingestReport.failureReports[0]!.id, sample: { subject: 'Overdue invoice' } } }),
    ]);
    const rows = await t.app.dependencies.database.orm.em.fork().execute<{ n: string }[]>(`SELECT count(*) AS n FROM failure_reports WHERE host(source_ip) = '8.8.8.8'`);
    expect(rows[0]!.n).toBe('1');
    // As for aggregates, a duplicate tells an INGEST key nothing of the stored copy, not even its id.
    const probe = await ingest(arfReport({ sourceIp: '8.8.8.8', envelopeId: 'copy-3' }), as.INGEST);
    expect(probe.data?.ingestReport.failureReports).toEqual([{ status: 'DUPLICATE', id: null, reportedDomain: 'example.com', sourceIp: '8.8.8.8', warnings: [], failureReport: null }]);
  });

  it('shows a report with its sample redacted by default, and its source geolocated from the cache', async () => {
    const stored = await ingest(failureFixture('arf-full-sample.eml'));
    const id = stored.data!.ingestReport.failureReports[0]!.id;
    const read = await t.graphql<{ failureReport: Record<string, unknown> }>(`query($id: ID!) { failureReport(id: $id) { ${REPORT_FIELDS} } }`, { id }, as.ANALYST);
    expect(read.errors).toBeUndefined();
    expect(read.data!.failureReport).toMatchObject({
      format: 'ARF', feedbackType: 'auth-failure', sourceIp: '203.0.113.77', reportedDomain: 'example.com', reporterDomain: 'receiver.example',
      originalMailFrom: '<[redacted]@lookalike.example>', originalRcptTo: ['<[redacted]@customer.example>', '<[redacted]@customer.example>'],
      deliveryResult: 'reject', authFailure: ['dmarc', 'dkim'], identityAlignment: [], warnings: [],
      // A documentation address: reserved, so located nowhere.
      geolocation: { countryCode: null },
      sample: {
        kind: 'MESSAGE', from: 'Example Corp Accounts <[redacted]@example.com>', to: ['Alice Smith <[redacted]@customer.example>'], subject: 'Overdue invoice 2026-1187',
        messageId: '<20261207093035.77@mail.lookalike.example>', body: null,
        urls: ['https://pay.lookalike.example/invoice', 'https://docs.lookalike.example/terms'], attachmentNames: ['invoice-1187.pdf'],
      },
    });
    const google = await t.graphql<{ failureReports: { edges: { node: { geolocation: { countryCode: string } | null } }[] } }>(
      '{ failureReports(sourceIp: "8.8.8.8") { edges { node { geolocation { countryCode } } } } }', undefined, as.ANALYST,
    );
    expect(google.data!.failureReports.edges).toEqual([{ node: { geolocation: { countryCode: 'US' } } }]);
    const cached = await t.app.dependencies.database.orm.em.fork().execute<{ country_code: string }[]>(`SELECT country_code FROM geolocation_cache WHERE ip = '8.8.8.8'`);
    expect(cached).toEqual([{ country_code: 'US' }]);
  });

  it('lists newest first with filters and pages; a VIEWER sees the count, not the reports', async () => {
    for (const [i, ip] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries()) {
      await ingest(arfReport({ sourceIp: ip, domain: 'paged.example', arrival: new Date(Date.UTC(2026, 10, 1 + i)) }));
    }
    const query = `query($after: String, $domain: String, $from: DateTimeISO, $ip: String, $failure: String) {
      failureReports(first: 2, after: $after, domain: $domain, from: $from, sourceIp: $ip, authFailure: $failure) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { sourceIp arrivalDate } } } }`;
    type Page = { failureReports: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { sourceIp: string } }[] } };
    const one = await t.graphql<Page>(query, { domain: 'PAGED.example' }, as.ANALYST);
    expect(one.data!.failureReports.totalCount).toBe(3);
    expect(one.data!.failureReports.edges.map((e) => e.node.sourceIp)).toEqual(['198.51.100.3', '198.51.100.2']);
    const two = await t.graphql<Page>(query, { domain: 'paged.example', after: one.data!.failureReports.pageInfo.endCursor }, as.ANALYST);
    expect(two.data!.failureReports).toMatchObject({ pageInfo: { hasNextPage: false }, edges: [{ node: { sourceIp: '198.51.100.1' } }] });
    const since = await t.graphql<Page>(query, { domain: 'paged.example', from: '2026-11-02T00:00:00Z', ip: '198.51.100.3', failure: 'DMARC' }, as.ANALYST);
    expect(since.data!.failureReports.totalCount).toBe(1);
    const none = await t.graphql<Page>(query, { domain: 'paged.example', failure: 'bodyhash' }, as.ANALYST);
    expect(none.data!.failureReports.totalCount).toBe(0);

    const viewer = await t.graphql<{ failureReports: { totalCount: number; edges: unknown } }>('{ failureReports(domain: "paged.example") { totalCount edges { node { id } } } }', undefined, as.VIEWER);
    expect(viewer.data).toBeNull();
    expect(viewer.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['failureReports.edges', 'FORBIDDEN']]);
    const counts = await t.graphql<{ failureReports: { totalCount: number } }>('{ failureReports(domain: "paged.example") { totalCount } }', undefined, as.VIEWER);
    expect(counts).toEqual({ data: { failureReports: { totalCount: 3 } } });
    const single = await t.graphql('{ failureReport(id: "1") { id } }', undefined, as.VIEWER);
    expect(single.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers a missing report NOT_FOUND and bad arguments BAD_USER_INPUT', async () => {
    expect((await t.graphql('{ failureReport(id: "999999") { id } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await t.graphql('{ failureReport(id: "x") { id } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.graphql('{ failureReports(sourceIp: "nowhere") { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.graphql('{ failureReports(first: 101) { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.graphql('{ failureReports(after: "bogus") { totalCount } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a report it cannot read with its code, and keeps it in the quarantine', async () => {
    const refused = await ingest(failureFixture('no-domain.eml'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_REPORT');
    const quarantined = await t.graphql<{ refusedReports: { edges: { node: { code: string; source: string; sourceName: string } }[] } }>('{ refusedReports(first: 1) { edges { node { code source sourceName } } } }');
    expect(quarantined.data!.refusedReports.edges).toEqual([{ node: { code: 'INVALID_REPORT', source: 'GRAPHQL', sourceName: 'ruf.eml' } }]);
  });

  it('stores a failure report and a TLS report posted to /reports', async () => {
    const post = (body: Buffer, type: string) =>
      t.app.http.inject({ method: 'POST', url: '/reports', payload: body, headers: { 'content-type': type, authorization: `Bearer ${t.adminToken}` } });
    const failure = await post(arfReport({ sourceIp: '192.0.2.200', envelopeId: 'posted' }), 'message/rfc822');
    expect(failure.statusCode).toBe(201);
    expect(failure.json()).toEqual({
      reports: [], tlsReports: [],
      failureReports: [{ status: 'ingested', id: expect.any(Number), reportedDomain: 'example.com', sourceIp: '192.0.2.200', arrivalDate: '2026-12-07T09:30:00.000Z', warnings: [] }],
    });
    const { tlsReportJson } = await import('../fixtures/report-kinds.js');
    const tls = await post(Buffer.from(tlsReportJson({ reportId: 'posted-tls' })), 'application/tlsrpt+json');
    expect(tls.statusCode).toBe(201);
    expect(tls.json()).toMatchObject({ reports: [], failureReports: [], tlsReports: [{ status: 'ingested', reportId: 'posted-tls', policyDomains: ['example.com'], policies: 1 }] });
    expect((await post(Buffer.from(tlsReportJson({ reportId: 'posted-tls' })), 'application/json')).statusCode).toBe(200);
  });

  it('attaches a failure sample to the open alert of its source IP, and earlier samples to a new alert', async () => {
    const alerts = t.app.services.alerts;
    // An alert first, then what that IP sent.
    const { raised: [open] } = await alerts.raise([senderAlert('203.0.113.150')]);
    await ingest(arfReport({ sourceIp: '203.0.113.150', subject: 'Reset your password' }));
    // What another IP sent, then its alert.
    await ingest(arfReport({ sourceIp: '203.0.113.151', subject: 'Invoice attached', arrival: new Date() }));
    const { raised: [later] } = await alerts.raise([senderAlert('203.0.113.151')]);
    const query = `query($id: ID!) { alert(id: $id) { sourceIp failureReportCount failureReports(first: 5) { totalCount edges { node { sourceIp sample { subject } } } } } }`;
    expect((await t.graphql(query, { id: open!.id }, as.ANALYST)).data).toEqual({
      alert: { sourceIp: '203.0.113.150', failureReportCount: 1, failureReports: { totalCount: 1, edges: [{ node: { sourceIp: '203.0.113.150', sample: { subject: 'Reset your password' } } }] } },
    });
    await expect.poll(async () => (await t.graphql<{ alert: { failureReportCount: number } }>(query, { id: later!.id }, as.ANALYST)).data?.alert.failureReportCount).toBe(1);
    // A VIEWER sees that there is evidence, not what it says.
    const viewer = await t.graphql<{ alert: { failureReportCount: number } }>('query($id: ID!) { alert(id: $id) { failureReportCount failureReports { totalCount } } }', { id: open!.id }, as.VIEWER);
    expect(viewer).toEqual({ data: { alert: { failureReportCount: 1, failureReports: { totalCount: 1 } } } });
    // A resolved alert takes no more samples.
    await t.graphql('mutation($id: ID!) { resolveAlert(id: $id) { state } }', { id: open!.id });
    await ingest(arfReport({ sourceIp: '203.0.113.150', subject: 'Second try' }));
    expect((await t.graphql<{ alert: { failureReportCount: number } }>(query, { id: open!.id })).data!.alert.failureReportCount).toBe(1);
  });
});
