import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { datedReport } from '../support/dated-report.js';

const DAY = 86_400_000;
const todayUtc = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('report queries', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const sha256: Record<string, string> = {};
  const today = todayUtc();
  const noon = (daysAgo: number) => new Date(today - daysAgo * DAY + DAY / 2);

  beforeAll(async () => {
    t = await startTestApp();
    const service = new ReportIngestionService(t.app.dependencies.database.orm.em, silentLogger);
    const reports = {
      g1: datedReport({
        org: 'google.com', id: 'g-1', domain: 'example.com', begin: noon(1),
        records: [
          { ip: '192.0.2.1', count: 10, dkim: 'pass', spf: 'pass' },
          { ip: '192.0.2.2', count: 5, dkim: 'fail', spf: 'pass' },
          { ip: '2001:db8::3', count: 5, dkim: 'fail', spf: 'fail' },
        ],
      }),
      y1: datedReport({
        org: 'Yahoo', id: 'y-1', domain: 'example.com', begin: noon(3),
        records: [
          { ip: '198.51.100.4', count: 8, dkim: 'pass', spf: 'fail' },
          { ip: '198.51.100.5', count: 2, dkim: 'fail', spf: 'fail' },
        ],
      }),
      g2: datedReport({ org: 'google.com', id: 'g-2', domain: 'other.org', begin: noon(40), records: [{ ip: '203.0.113.6', count: 100, dkim: 'pass', spf: 'pass' }] }),
    };
    for (const [key, xml] of Object.entries(reports)) {
      const result = await service.ingestBuffer(xml, `${key}.xml`);
      ids[key] = String(result.reports[0]!.id);
      sha256[key] = createHash('sha256').update(xml).digest('hex');
    }
  });
  afterAll(() => t.close());

  const listIds = async (args: string) => {
    const result = await t.graphql<{ reports: { edges: { node: { id: string } }[]; totalCount: number } }>(
      `{ reports(${args}) { totalCount edges { node { id } } } }`,
    );
    expect(result.errors).toBeUndefined();
    return { ids: result.data!.reports.edges.map((e) => e.node.id), total: result.data!.reports.totalCount };
  };

  it('pages through reports newest first with cursors', async () => {
    const query = `query($after: String) { reports(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id orgName reportId policy { domain p } recordCount messageCount dateBegin } } } }`;
    type Page = { reports: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { cursor: string; node: Record<string, unknown> }[] } };
    const first = await t.graphql<Page>(query);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.reports;
    expect(page1.totalCount).toBe(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges.map((e) => e.node)).toEqual([
      { id: ids.g1, orgName: 'google.com', reportId: 'g-1', policy: { domain: 'example.com', p: 'none' }, recordCount: 3, messageCount: 20, dateBegin: noon(1).toISOString() },
      { id: ids.y1, orgName: 'Yahoo', reportId: 'y-1', policy: { domain: 'example.com', p: 'none' }, recordCount: 2, messageCount: 10, dateBegin: noon(3).toISOString() },
    ]);
    expect(page1.pageInfo.endCursor).toBe(page1.edges[1]!.cursor);

    const second = await t.graphql<Page>(query, { after: page1.pageInfo.endCursor });
    const page2 = second.data!.reports;
    expect(page2.edges.map((e) => e.node.id)).toEqual([ids.g2]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.totalCount).toBe(3);
  });

  it('filters by domain, reporter and start date', async () => {
    expect(await listIds('domain: "EXAMPLE.com"')).toEqual({ ids: [ids.g1, ids.y1], total: 2 });
    expect(await listIds('reporter: "GOOGLE.COM"')).toEqual({ ids: [ids.g1, ids.g2], total: 2 });
    expect(await listIds('reporter: "google%"')).toEqual({ ids: [], total: 0 });
    expect(await listIds(`from: "${new Date(today - 5 * DAY).toISOString()}"`)).toEqual({ ids: [ids.g1, ids.y1], total: 2 });
    expect(await listIds(`to: "${new Date(today - 2 * DAY).toISOString()}"`)).toEqual({ ids: [ids.y1, ids.g2], total: 2 });
    expect(await listIds('domain: "example.com", reporter: "yahoo", first: 1')).toEqual({ ids: [ids.y1], total: 1 });
  });

  it('returns a report with its records and their auth results', async () => {
    const result = await t.graphql<{ report: Record<string, unknown> }>(
      `query($id: ID!) { report(id: $id) { id orgName schemaVersion policy { domain adkim pct } messageCount contentSha256
        records { sourceIp count disposition dkimAligned spfAligned headerFrom envelopeFrom reasons { type }
          authResults { method domain selector scope result } } } }`,
      { id: ids.y1 },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.report).toEqual({
      id: ids.y1, orgName: 'Yahoo', schemaVersion: 'rfc7489', policy: { domain: 'example.com', adkim: null, pct: null }, messageCount: 10,
      contentSha256: sha256.y1,
      records: [
        {
          sourceIp: '198.51.100.4', count: 8, disposition: 'none', dkimAligned: 'pass', spfAligned: 'fail', headerFrom: 'example.com', envelopeFrom: null, reasons: [],
          authResults: [
            { method: 'dkim', domain: 'example.com', selector: 's1', scope: null, result: 'pass' },
            { method: 'spf', domain: 'example.com', selector: null, scope: null, result: 'fail' },
          ],
        },
        {
          sourceIp: '198.51.100.5', count: 2, disposition: 'none', dkimAligned: 'fail', spfAligned: 'fail', headerFrom: 'example.com', envelopeFrom: null, reasons: [],
          authResults: [
            { method: 'dkim', domain: 'example.com', selector: 's1', scope: null, result: 'fail' },
            { method: 'spf', domain: 'example.com', selector: null, scope: null, result: 'fail' },
          ],
        },
      ],
    });
    const paged = await t.graphql<{ report: { records: { sourceIp: string }[] } }>(
      `query($id: ID!) { report(id: $id) { records(first: 1, offset: 1) { sourceIp } } }`,
      { id: ids.g1 },
    );
    expect(paged.data!.report.records).toEqual([{ sourceIp: '192.0.2.2' }]);
  });

  it('summarizes messages and pass rates per day, weighted by message count', async () => {
    type Summary = { reportSummary: { totalMessages: number; dmarcPass: number; spfPass: number; dkimPass: number; dmarcPassRate: number; spfPassRate: number; dkimPassRate: number; from: string; domain: string | null; daily: { date: string; messages: number; dmarcPass: number; passRate: number | null }[] } };
    const fields = 'totalMessages dmarcPass spfPass dkimPass dmarcPassRate spfPassRate dkimPassRate from domain daily { date messages dmarcPass passRate }';
    const result = await t.graphql<Summary>(`{ reportSummary { ${fields} } }`);
    expect(result.errors).toBeUndefined();
    const summary = result.data!.reportSummary;
    // g-1: 10 (dkim+spf pass) + 5 (spf pass) + 5 (fail); y-1: 8 (dkim pass) + 2 (fail); g-2 is 40 days old.
    expect(summary).toMatchObject({
      totalMessages: 30, dmarcPass: 23, spfPass: 15, dkimPass: 18, dmarcPassRate: 23 / 30, spfPassRate: 0.5, dkimPassRate: 0.6,
      from: new Date(today - 29 * DAY).toISOString(), domain: null,
    });
    expect(summary.daily).toHaveLength(30);
    expect(summary.daily[0]!.date).toBe(isoDay(today - 29 * DAY));
    expect(summary.daily.at(-1)!.date).toBe(isoDay(today));
    expect(summary.daily.filter((d) => d.messages > 0)).toEqual([
      { date: isoDay(today - 3 * DAY), messages: 10, dmarcPass: 8, passRate: 0.8 },
      { date: isoDay(today - DAY), messages: 20, dmarcPass: 15, passRate: 0.75 },
    ]);
    expect(summary.daily.find((d) => d.messages === 0)).toMatchObject({ dmarcPass: 0, passRate: null });

    const other = await t.graphql<Summary>(`{ reportSummary(days: 60, domain: "Other.org") { ${fields} } }`);
    expect(other.data!.reportSummary).toMatchObject({ totalMessages: 100, dmarcPass: 100, dmarcPassRate: 1, domain: 'other.org' });
    expect(other.data!.reportSummary.daily).toHaveLength(60);

    const empty = await t.graphql<Summary>(`{ reportSummary(days: 1) { ${fields} } }`);
    expect(empty.data!.reportSummary).toMatchObject({ totalMessages: 0, dmarcPassRate: null, daily: [{ date: isoDay(today), messages: 0, passRate: null }] });
  });

  it('answers NOT_FOUND for a report that does not exist', async () => {
    const result = await t.graphql(`{ report(id: "987654321") { id } }`);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ message: 'report 987654321 not found', extensions: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['report(id: "abc") { id }', 'invalid report id'],
    ['reports(first: 0) { totalCount }', 'first must be between 1 and 100'],
    ['reports(first: 101) { totalCount }', 'first must be between 1 and 100'],
    ['reports(after: "not-a-cursor") { totalCount }', 'invalid cursor'],
    ['reports(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { totalCount }', 'from must be before to'],
    ['reportSummary(days: 0) { totalMessages }', 'days must be between 1'],
    ['reportSummary(days: -3) { totalMessages }', 'days must be between 1'],
  ])('answers BAD_USER_INPUT for %s', async (selection, message) => {
    const result = await t.graphql(`{ ${selection} }`);
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining(message), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
