import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { unpackToBuffer } from '../../src/received-files/packed-file.js';
import { oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';
import { silentLogger } from '../support/silent-logger.js';
import { startStorageHarness, type StorageHarness } from './storage-harness.js';

const report = (id: string) => oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`);

describe('raw retention: stored reports keep their received file', () => {
  let h: StorageHarness;
  let keeping: ReportIngestionService;
  const files = () => h.rows<{ filename: string; compression: string; size_bytes: string; content: Buffer; reports: string }>(
    `SELECT f.filename, f.compression, f.size_bytes, f.content, (SELECT count(*) FROM dmarc_report_raw_files l WHERE l.raw_file_id = f.id) AS reports
     FROM raw_report_files f ORDER BY f.id`,
  );
  beforeAll(async () => {
    h = await startStorageHarness();
    keeping = new ReportIngestionService(h.orm.em, silentLogger, { rawRetention: { maxBytes: 64 * 1024 } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.rows('TRUNCATE dmarc_reports, dmarc_records, raw_report_files, dmarc_report_raw_files CASCADE'));

  it('keeps XML brotli-compressed and gzip as received, and gives back the bytes received', async () => {
    const xml = Buffer.from(report('raw-xml'));
    const gz = gzipSync(report('raw-gz'));
    await keeping.ingestBuffer(xml, 'raw.xml');
    await keeping.ingestBuffer(gz, 'raw.xml.gz');
    const [plain, compressed] = await files();
    expect(plain).toMatchObject({ filename: 'raw.xml', compression: 'br', size_bytes: String(xml.length), reports: '1' });
    expect(plain!.content.length).toBeLessThan(xml.length);
    expect(await unpackToBuffer(plain!.compression, plain!.content)).toEqual(xml);
    expect(compressed).toMatchObject({ filename: 'raw.xml.gz', compression: 'none', reports: '1' });
    expect(compressed!.content).toEqual(gz);
  });

  it('keeps a file with several reports once, linked to each', async () => {
    await keeping.ingestBuffer(zipArchive([{ name: 'a.xml', data: Buffer.from(report('zip-a')) }, { name: 'b.xml', data: Buffer.from(report('zip-b')) }]), 'two.zip');
    expect((await files()).map((f) => [f.filename, f.reports])).toEqual([['two.zip', '2']]);
  });

  it('links a report stored before without its file when the file comes again (a crash between commit and keep heals)', async () => {
    const xml = Buffer.from(report('late'));
    await h.service.ingestBuffer(xml, 'first.xml'); // no retention
    expect(await files()).toEqual([]);
    const again = await keeping.ingestBuffer(xml, 'again.xml');
    expect(again.reports[0]!.status).toBe('duplicate');
    expect((await files()).map((f) => [f.filename, f.reports])).toEqual([['again.xml', '1']]);
  });

  it('stores the report without its file when the file is larger than the cap compressed', async () => {
    const small = new ReportIngestionService(h.orm.em, silentLogger, { rawRetention: { maxBytes: 64 } });
    const result = await small.ingestBuffer(Buffer.from(report('too-big')), 'big.xml');
    expect(result.reports[0]!.status).toBe('ingested');
    expect(await files()).toEqual([]);
  });
});
