import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const report = (id: string) => oneRecordReport({ sourceIp: '198.51.100.7' }).replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`);

const INGEST = `mutation($content: String!, $encoding: ReportEncoding, $filename: String) {
  ingestReport(content: $content, encoding: $encoding, filename: $filename) {
    reports { status report { id orgName reportId policy { domain } recordCount messageCount records { sourceIp count } } }
  }
}`;

interface Payload {
  ingestReport: { reports: { status: string; report: { id: string; orgName: string; reportId: string; policy: { domain: string }; recordCount: number; messageCount: number; records: { sourceIp: string; count: number }[] } }[] };
}

describe('ingestReport mutation', () => {
  let t: TestApp;
  const storedReports = async (reportId: string) =>
    Number((await t.app.dependencies.database.orm.em.fork().getConnection().execute<{ n: string }[]>('SELECT count(*) AS n FROM dmarc_reports WHERE report_id = ?', [reportId]))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores XML (the default encoding) and returns the stored report', async () => {
    const result = await t.graphql<Payload>(INGEST, { content: report('gql-xml-1') });
    expect(result.errors).toBeUndefined();
    expect(result.data!.ingestReport.reports).toEqual([
      {
        status: 'INGESTED',
        report: {
          id: expect.stringMatching(/^\d+$/),
          orgName: 'Tester',
          reportId: 'gql-xml-1',
          policy: { domain: 'example.com' },
          recordCount: 1,
          messageCount: 1,
          records: [{ sourceIp: '198.51.100.7', count: 1 }],
        },
      },
    ]);
    expect(await storedReports('gql-xml-1')).toBe(1);
  });

  it('stores BASE64 gzip and zip, and answers DUPLICATE with the stored copy for a report stored already', async () => {
    const gz = gzipSync(report('gql-gz-1')).toString('base64');
    const first = await t.graphql<Payload>(INGEST, { content: gz, encoding: 'BASE64', filename: 'r.xml.gz' });
    expect(first.errors).toBeUndefined();
    const stored = first.data!.ingestReport.reports[0]!;
    expect(stored).toMatchObject({ status: 'INGESTED', report: { reportId: 'gql-gz-1' } });

    // The same report in a zip, base64 wrapped at 76 characters as in a MIME body.
    const zip = zipArchive([{ name: 'r.xml', data: Buffer.from(report('gql-gz-1')) }]).toString('base64').replace(/.{76}/g, '$&\n');
    const again = await t.graphql<Payload>(INGEST, { content: zip, encoding: 'BASE64' });
    expect(again.errors).toBeUndefined();
    expect(again.data!.ingestReport.reports).toEqual([{ status: 'DUPLICATE', report: stored.report }]);
    expect(await storedReports('gql-gz-1')).toBe(1);
  });

  it('fails with the ingestion code of a refused report and stores nothing', async () => {
    const invalid = await t.graphql(INGEST, { content: oneRecordReport({ disposition: 'not a disposition' }).replace('t-1', 'gql-bad-1') });
    expect(invalid.data).toBeNull();
    expect(invalid.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('record 1'), extensions: expect.objectContaining({ code: 'INVALID_REPORT' }) })]);
    expect(await storedReports('gql-bad-1')).toBe(0);

    const unsafe = await t.graphql(INGEST, { content: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><feedback/>' });
    expect(unsafe.errors?.[0]?.extensions?.code).toBe('UNSAFE_XML');
  });

  it('refuses content that is not base64 with BAD_USER_INPUT', async () => {
    for (const content of ['not base64!', 'abc', 'H4sI*AAA']) {
      const result = await t.graphql(INGEST, { content, encoding: 'BASE64' });
      expect(result.errors?.[0]?.extensions?.code, content).toBe('BAD_USER_INPUT');
    }
  });

  it('is allowed to INGEST keys (which get the id, status and counts, not the report) and refused to other roles', async () => {
    const ingestKey = await t.apiKey(Role.INGEST);
    const summary = 'mutation($content: String!) { ingestReport(content: $content) { reports { status id reportId recordCount } } }';
    const asIngest = await t.graphql<{ ingestReport: { reports: Record<string, unknown>[] } }>(summary, { content: report('gql-key-1') }, { apiKey: ingestKey });
    expect(asIngest.errors).toBeUndefined();
    expect(asIngest.data!.ingestReport.reports).toEqual([{ status: 'INGESTED', id: expect.stringMatching(/^\d+$/), reportId: 'gql-key-1', recordCount: 1 }]);

    const asViewer = await t.graphql(INGEST, { content: report('gql-key-2') }, { apiKey: await t.apiKey(Role.VIEWER) });
    expect(asViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.graphql(INGEST, { content: report('gql-key-2') }, { token: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await storedReports('gql-key-2')).toBe(0);
  });
});
