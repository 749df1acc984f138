import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { fileInMemory } from '../../src/received-files/received-file.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const report = (id: string) => oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`);
const truncated = (id: string) => report(id).slice(0, 300);

interface RefusedNode {
  id: string;
  source: string;
  sourceName: string;
  code: string;
  sizeBytes: number;
  contentKept: boolean;
  timesReceived: number;
  reingestedAt: string | null;
  reingestedReportIds: string[];
}

const REFUSED_QUERY = `query ($first: Int!, $after: String) {
  refusedReports(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id source sourceName code reason sizeBytes contentKept timesReceived reingestedAt reingestedReportIds } }
  } }`;

describe('quarantine of refused files', () => {
  let t: TestApp;
  let ingestKey: string;
  const upload = (body: string, filename: string) =>
    fetch(`${t.app.url}/reports?filename=${filename}`, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-api-key': ingestKey }, body });
  const refused = async (first = 50, after?: string) => {
    const result = await t.graphql<{ refusedReports: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: RefusedNode }[] } }>(
      REFUSED_QUERY, { first, after },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.refusedReports;
  };
  const download = (id: string, headers: Record<string, string> = t.headersFor()) => fetch(`${t.app.url}/reports/refused/${id}/raw`, { headers });

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.apiKey(Role.INGEST);
  });
  afterAll(() => t.close());

  it('keeps a file refused by POST /reports, once per distinct file, and lists it for ADMIN', async () => {
    expect((await upload(truncated('q-http'), 'cut.xml')).status).toBe(422);
    expect((await upload(truncated('q-http'), 'cut-again.xml')).status).toBe(422);

    const page = await refused();
    const rows = page.edges.map((e) => e.node).filter((n) => n.sourceName === 'cut.xml');
    expect(rows).toEqual([
      expect.objectContaining({ source: 'HTTP', code: 'MALFORMED_XML', sizeBytes: 300, contentKept: true, timesReceived: 2, reingestedAt: null }),
    ]);

    // Not for other roles.
    const viewer = await t.userToken(Role.VIEWER);
    const denied = await t.graphql(REFUSED_QUERY, { first: 5 }, { token: viewer });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps a file refused by the ingestReport mutation, and downloads it byte for byte (ADMIN only)', async () => {
    const result = await t.graphql(`mutation { ingestReport(content: ${JSON.stringify(truncated('q-gql'))}, filename: "gql.xml") { reports { status } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('MALFORMED_XML');
    const row = (await refused()).edges.map((e) => e.node).find((n) => n.sourceName === 'gql.xml');
    expect(row).toMatchObject({ source: 'GRAPHQL', code: 'MALFORMED_XML' });

    const response = await download(row!.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="refused-\d+-gql\.xml"$/);
    expect(await response.text()).toBe(truncated('q-gql'));

    expect((await download(row!.id, { 'x-api-key': ingestKey })).status).toBe(403);
    expect((await download(row!.id, {})).status).toBe(401);
    expect((await download('999999')).status).toBe(404);
  });

  it('pages newest first with cursors', async () => {
    for (const id of ['p-1', 'p-2', 'p-3']) await upload(truncated(id), `${id}.xml`);
    const first = await refused(2);
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.edges.map((e) => e.node.sourceName)).toEqual(['p-3.xml', 'p-2.xml']);
    const second = await refused(2, first.pageInfo.endCursor!);
    expect(second.edges[0]!.node.sourceName).toBe('p-1.xml');
    expect(second.totalCount).toBe(first.totalCount);
  });

  it('re-ingests a file an earlier version refused, and marks the row with the reports it gave', async () => {
    // As an older parser left it: a readable report kept with the code it was refused with then.
    const id = await t.app.services.quarantine.keep(fileInMemory(Buffer.from(report('q-old')), 'old.xml'), { channel: 'imap', name: '<old@reporter.example>' }, {
      code: 'MALFORMED_XML',
      message: 'refused by an older parser',
    });
    const result = await t.graphql<{ reingestRefused: { refusedReport: RefusedNode; reports: { status: string; report: { id: string; reportId: string } }[] } }>(
      `mutation ($id: ID!) { reingestRefused(id: $id) { refusedReport { id reingestedAt reingestedReportIds } reports { status report { id reportId } } } }`,
      { id: String(id) },
    );
    expect(result.errors).toBeUndefined();
    const payload = result.data!.reingestRefused;
    expect(payload.reports).toEqual([{ status: 'INGESTED', report: { id: expect.any(String), reportId: 'q-old' } }]);
    expect(payload.refusedReport.reingestedAt).not.toBeNull();
    expect(payload.refusedReport.reingestedReportIds).toEqual([payload.reports[0]!.report.id]);
  });

  it('answers a file that is still refused with its code, and keeps the row unmarked', async () => {
    await upload(truncated('q-still'), 'still.xml');
    const row = (await refused()).edges.map((e) => e.node).find((n) => n.sourceName === 'still.xml')!;
    const result = await t.graphql(`mutation ($id: ID!) { reingestRefused(id: $id) { refusedReport { id } } }`, { id: row.id });
    expect(result.errors?.[0]?.extensions?.code).toBe('MALFORMED_XML');
    const after = (await refused()).edges.map((e) => e.node).find((n) => n.id === row.id)!;
    expect(after).toMatchObject({ reingestedAt: null, timesReceived: 1 });
    const unknown = await t.graphql(`mutation { reingestRefused(id: "999999") { refusedReport { id } } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers mailboxStatus with configured false when no mailbox is set', async () => {
    const result = await t.graphql<{ mailboxStatus: { configured: boolean; mailbox: string | null; messagesSeen: number } }>(`{ mailboxStatus { configured mailbox messagesSeen } }`);
    expect(result.data?.mailboxStatus).toEqual({ configured: false, mailbox: null, messagesSeen: 0 });
  });
});
