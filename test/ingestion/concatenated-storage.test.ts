import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { QuarantineStore } from '../../src/quarantine/quarantine-store.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { silentLogger } from '../support/silent-logger.js';
import { startStorageHarness, type StorageHarness } from './storage-harness.js';

/** Issue 14: a file of several concatenated <feedback> documents, stored report by report, each exactly once. */
const concatenated = readFileSync(new URL('../fixtures/ingestion/recoverable/concatenated-documents.xml', import.meta.url));
const report = (id: string) => oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`);

describe('storing a file of concatenated reports', () => {
  let h: StorageHarness;
  let service: ReportIngestionService;
  beforeAll(async () => {
    h = await startStorageHarness();
    const quarantine = new QuarantineStore(h.orm.em, silentLogger, 1024 * 1024);
    service = new ReportIngestionService(h.orm.em, silentLogger, { quarantine, rawRetention: { maxBytes: 1024 * 1024 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.rows('TRUNCATE dmarc_reports, dmarc_records, raw_report_files, dmarc_report_raw_files, refused_reports CASCADE'));

  it('stores each document as a report with its warning, keeps the file once for both, and stores nothing new the second time', async () => {
    const first = await service.ingestBuffer(concatenated, 'joined.xml');
    expect(first.error).toBeUndefined();
    expect(first.reports.map((r) => [r.status, r.reportId, r.policyDomain, r.records])).toEqual([
      ['ingested', 'joined-2024-03-30-a', 'example.com', 1],
      ['ingested', 'joined-2024-03-30-b', 'example.org', 2],
    ]);
    const rows = await h.rows<{ report_id: string; content_sha256: string | null; warnings: string[]; files: string }>(
      `SELECT report_id, content_sha256, warnings, (SELECT count(*) FROM dmarc_report_raw_files l WHERE l.report_id = r.id) AS files FROM dmarc_reports r ORDER BY id`,
    );
    expect(rows).toEqual([
      { report_id: 'joined-2024-03-30-a', content_sha256: null, warnings: [expect.stringMatching(/^document 1 of several <feedback> documents concatenated/)], files: '1' },
      { report_id: 'joined-2024-03-30-b', content_sha256: null, warnings: [expect.stringMatching(/^document 2 of several <feedback> documents concatenated/)], files: '1' },
    ]);
    expect(await h.rows(`SELECT count(*)::int AS n FROM raw_report_files`)).toEqual([{ n: 1 }]);

    const again = await service.ingestBuffer(concatenated, 'joined-again.xml');
    expect(again.reports.map((r) => [r.status, r.id])).toEqual(first.reports.map((r) => ['duplicate', r.id]));
    expect(await h.counts()).toMatchObject({ reports: 2, records: 3 });
  });

  it('keeps the reports before a refused document, refuses the file into the quarantine, and adds only what is missing once it reads', async () => {
    const broken = Buffer.from(`${report('part-1')}${report('part-2').replace('<disposition>none</disposition>', '<disposition>not a disposition</disposition>')}${report('part-3')}`);
    const result = await service.ingestBuffer(broken, 'part.xml', 'http');
    expect(result.reports.map((r) => [r.status, r.reportId])).toEqual([['ingested', 'part-1']]);
    expect(result.error).toMatchObject({ code: 'INVALID_REPORT' });
    expect(result.refusedReportId).toEqual(expect.any(Number));
    expect(await h.rows(`SELECT source, code FROM refused_reports`)).toEqual([{ source: 'http', code: 'INVALID_REPORT' }]);

    // The receiver sends the file again, repaired: part-1 is a duplicate, the other two are new.
    const repaired = await service.ingestBuffer(Buffer.from(`${report('part-1')}${report('part-2')}${report('part-3')}`), 'part.xml');
    expect(repaired.reports.map((r) => [r.status, r.reportId])).toEqual([['duplicate', 'part-1'], ['ingested', 'part-2'], ['ingested', 'part-3']]);
    expect(await h.counts()).toMatchObject({ reports: 3, records: 3 });
  });

  it('refuses a file with more documents than maxDocuments with TOO_MANY_DOCUMENTS, after storing those within it', async () => {
    const capped = new ReportIngestionService(h.orm.em, silentLogger, { limits: { maxDocuments: 2 } });
    const result = await capped.ingestBuffer(Buffer.from(['c-1', 'c-2', 'c-3'].map(report).join('')), 'many.xml');
    expect(result.reports.map((r) => r.reportId)).toEqual(['c-1', 'c-2']);
    expect(result.error).toEqual({ code: 'TOO_MANY_DOCUMENTS', message: 'the file holds more than 2 concatenated <feedback> documents (maxDocuments); the first 2 were read' });
  });
});
