import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 14: a file of several concatenated <feedback> documents, sent by HTTP and through GraphQL. */
describe('uploading a file of concatenated reports', () => {
  let t: TestApp;
  let ingestKey: string;
  const xml = readFileSync(new URL('../fixtures/ingestion/recoverable/concatenated-documents.xml', import.meta.url));
  const warning = (n: number) => `document ${n} of several <feedback> documents concatenated in one file, each read as a report of its own`;
  const upload = async (body: Buffer) => {
    const response = await fetch(`${t.app.url}/reports`, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-api-key': ingestKey }, body: new Uint8Array(body) });
    return { status: response.status, body: (await response.json()) as { reports?: { id: number; status: string; reportId: string; records: number; warnings: string[] }[]; error?: { code: string } } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.apiKey(Role.INGEST);
  });
  afterAll(() => t.close());

  it('POST /reports lists each report (201), then each as a duplicate (200)', async () => {
    const first = await upload(xml);
    expect(first.status).toBe(201);
    expect(first.body.reports).toEqual([
      expect.objectContaining({ status: 'ingested', reportId: 'joined-2024-03-30-a', policyDomain: 'example.com', records: 1, warnings: [warning(1)] }),
      expect.objectContaining({ status: 'ingested', reportId: 'joined-2024-03-30-b', policyDomain: 'example.org', records: 2, warnings: [warning(2)] }),
    ]);
    const again = await upload(xml);
    expect(again.status).toBe(200);
    // (An INGEST key is not told the stored reports' ids: test/security/ingest-duplicates.test.ts.)
    expect(again.body.reports!.map((r) => [r.status, r.reportId, r.records])).toEqual(first.body.reports!.map((r) => ['duplicate', r.reportId, r.records]));

    const stored = await t.graphql<{ report: { reportId: string; contentSha256: string | null; warnings: string[] } }>(
      'query R($id: ID!) { report(id: $id) { reportId contentSha256 warnings } }',
      { id: String(first.body.reports![1]!.id) },
    );
    expect(stored.data!.report).toEqual({ reportId: 'joined-2024-03-30-b', contentSha256: null, warnings: [warning(2)] });
  });

  it('ingestReport answers each report of the file', async () => {
    const renamed = xml.toString('utf8').replaceAll('joined-2024-03-30-', 'gql-');
    const result = await t.graphql<{ ingestReport: { reports: unknown[] } }>(
      'mutation I($c: String!) { ingestReport(content: $c) { reports { status reportId recordCount warnings } } }',
      { c: renamed },
      { apiKey: ingestKey },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.ingestReport.reports).toEqual([
      { status: 'INGESTED', reportId: 'gql-a', recordCount: 1, warnings: [warning(1)] },
      { status: 'INGESTED', reportId: 'gql-b', recordCount: 2, warnings: [warning(2)] },
    ]);
  });

  it('refuses a file whose second document is broken with that document\'s code, keeping the first report', async () => {
    const broken = Buffer.from(xml.toString('utf8').replaceAll('joined-2024-03-30-', 'broken-').replace('<disposition>quarantine</disposition>', '<disposition>not a disposition</disposition>'));
    const refused = await upload(broken);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_REPORT' });
    const kept = await t.graphql<{ reports: { edges: { node: { reportId: string } }[] } }>('{ reports(first: 50) { edges { node { reportId } } } }');
    expect(kept.errors).toBeUndefined();
    const ids = kept.data!.reports.edges.map((e) => e.node.reportId);
    expect(ids).toContain('broken-a');
    expect(ids).not.toContain('broken-b');
  });
});
