import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { manyRecordReport, oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A duplicate must not tell an INGEST key about the stored report: re-using a stored report's
 * (org, report id, policy domain) in a one-record file used to answer with the stored copy's id and
 * record and message counts. Now every entry point that answers (POST /reports, ingestReport)
 * gives an INGEST key the status and the figures of the file it sent; readers also get the id.
 */
const IDENTITY = '<report_id>probe-1</report_id>';
/** The report as its reporter sent it: 40 records, 120 messages. */
const stored = manyRecordReport(40).replace('<report_id>t-1</report_id>', IDENTITY);
/** The probe: one record, one message, the same org, report id and domain. */
const probe = oneRecordReport({ sourceIp: '203.0.113.9' }).replace('<report_id>t-1</report_id>', IDENTITY);

const INGEST = `mutation($content: String!) { ingestReport(content: $content) {
  reports { status id orgName reportId policyDomain recordCount messageCount warnings } } }`;

describe('duplicates answered to an INGEST key', () => {
  let t: TestApp;
  let ingestKey: string;
  let storedId: number;

  const upload = async (body: string, headers: Record<string, string>) => {
    const response = await fetch(`${t.app.url}/reports`, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
    return { status: response.status, body: (await response.json()) as { reports: Record<string, unknown>[] } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.apiKey(Role.INGEST);
    const first = await upload(stored, { 'x-api-key': ingestKey });
    expect(first.status).toBe(201);
    // The key learns the id and figures of what it stored itself.
    expect(first.body.reports).toEqual([
      { status: 'ingested', id: expect.any(Number), orgName: 'Tester', reportId: 'probe-1', policyDomain: 'example.com', records: 40, messages: 120, warnings: [] },
    ]);
    storedId = first.body.reports[0]!.id as number;
  });
  afterAll(() => t.close());

  it('POST /reports: status and the probe\'s own figures, no id, nothing of the stored copy', async () => {
    const answer = await upload(probe, { 'x-api-key': ingestKey });
    expect(answer.status).toBe(200);
    expect(answer.body.reports).toEqual([{ status: 'duplicate', orgName: 'Tester', reportId: 'probe-1', policyDomain: 'example.com', records: 1, messages: 1, warnings: [] }]);
    expect(JSON.stringify(answer.body)).not.toMatch(/\b40\b|\b120\b/);
  });

  it('ingestReport: the same, with id null', async () => {
    const answer = await t.graphql<{ ingestReport: { reports: Record<string, unknown>[] } }>(INGEST, { content: probe }, { apiKey: ingestKey });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.ingestReport.reports).toEqual([
      { status: 'DUPLICATE', id: null, orgName: 'Tester', reportId: 'probe-1', policyDomain: 'example.com', recordCount: 1, messageCount: 1, warnings: [] },
    ]);
  });

  it('a reader (ADMIN) is told which stored report it duplicates, with the figures of the file it sent', async () => {
    const http = await upload(probe, { authorization: `Bearer ${t.adminToken}` });
    expect(http.body.reports).toEqual([{ status: 'duplicate', id: storedId, orgName: 'Tester', reportId: 'probe-1', policyDomain: 'example.com', records: 1, messages: 1, warnings: [] }]);
    const graphql = await t.graphql<{ ingestReport: { reports: { id: string; recordCount: number; report: { recordCount: number } }[] } }>(
      'mutation($content: String!) { ingestReport(content: $content) { reports { id recordCount report { recordCount } } } }',
      { content: probe },
    );
    expect(graphql.data!.ingestReport.reports).toEqual([{ id: String(storedId), recordCount: 1, report: { recordCount: 40 } }]);
  });
});
