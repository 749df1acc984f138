import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Issue 14: what was repaired to read a report is stored with it and shown wherever it is ingested or read. */
describe('warnings of a repaired report', () => {
  let t: TestApp;
  let ingestKey: string;
  const xml = readFileSync(new URL('../fixtures/ingestion/recoverable/windows-1252-bytes.xml', import.meta.url));
  const expected = [
    expect.stringMatching(/^3 byte sequence\(s\) between bytes 0 and \d+ are not valid UTF-8; each was replaced by U\+FFFD$/),
    '<org_name> holds invalid bytes, replaced by U+FFFD: "T\uFFFDl\uFFFDcom Mail"',
    'record 1: <header_from> holds invalid bytes, replaced by U+FFFD: "exampl\uFFFD.com"',
    'record 1: identifiers.header_from "exampl\uFFFD.com" is not a domain name; kept as written',
  ];
  const upload = async () => {
    const response = await fetch(`${t.app.url}/reports`, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-api-key': ingestKey }, body: new Uint8Array(xml) });
    return { status: response.status, body: (await response.json()) as { reports: { id: number; status: string; warnings: string[] }[] } };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.apiKey(Role.INGEST);
  });
  afterAll(() => t.close());

  it('are in the POST /reports answer, in Report.warnings and in ingestReport, and stay empty for a clean report', async () => {
    const first = await upload();
    expect(first.status).toBe(201);
    expect(first.body.reports).toMatchObject([{ status: 'ingested', warnings: expected }]);
    const id = first.body.reports[0]!.id;

    const stored = await t.graphql<{ report: { orgName: string; warnings: string[] } }>('query R($id: ID!) { report(id: $id) { orgName warnings } }', { id: String(id) });
    expect(stored.errors).toBeUndefined();
    expect(stored.data!.report).toEqual({ orgName: 'T\uFFFDl\uFFFDcom Mail', warnings: expected });

    // Sent again: a duplicate, and the answer still says what reading this copy repaired.
    const again = await upload();
    expect(again.status).toBe(200);
    expect(again.body.reports).toMatchObject([{ status: 'duplicate', reportId: 'cp1252-1', warnings: expected }]);

    // ingestReport: this copy's warnings for every caller, the stored report's for readers.
    const ingest = 'mutation I($c: String!) { ingestReport(content: $c, encoding: BASE64) { reports { status warnings report { reportId warnings } } } }';
    const withId = (id: string) => Buffer.from(xml.toString('latin1').replace('cp1252-1', id), 'latin1').toString('base64');
    const repaired = await t.graphql<{ ingestReport: { reports: unknown[] } }>(ingest, { c: withId('gql-1') });
    expect(repaired.errors).toBeUndefined();
    expect(repaired.data!.ingestReport.reports).toEqual([{ status: 'INGESTED', warnings: expected, report: { reportId: 'gql-1', warnings: expected } }]);
    const asIngestKey = await t.graphql<{ ingestReport: { reports: unknown[] } }>(
      'mutation I($c: String!) { ingestReport(content: $c, encoding: BASE64) { reports { status warnings } } }',
      { c: withId('gql-2') },
      { apiKey: ingestKey },
    );
    expect(asIngestKey.data!.ingestReport.reports).toEqual([{ status: 'INGESTED', warnings: expected }]);

    const clean = await t.graphql<{ ingestReport: { reports: unknown[] } }>(ingest, {
      c: Buffer.from(xml.toString('latin1').replace(/[\u0080-\u00ff]/g, 'e').replace('cp1252-1', 'clean-1')).toString('base64'),
    });
    expect(clean.errors).toBeUndefined();
    expect(clean.data!.ingestReport.reports).toEqual([{ status: 'INGESTED', warnings: [], report: { reportId: 'clean-1', warnings: [] } }]);
  });
});
