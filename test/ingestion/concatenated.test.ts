import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseReport, parseReports, streamReportEvents, type StreamedReportEvent } from '../../src/ingestion/index.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';

/** Issue 14: several `<feedback>` documents concatenated in one file, each read as a report. */
const concatenated = readFileSync(new URL('../fixtures/ingestion/recoverable/concatenated-documents.xml', import.meta.url));
const firstWarning = 'document 1 of several <feedback> documents concatenated in one file, each read as a report of its own';
const secondWarning = 'document 2 of several <feedback> documents concatenated in one file, each read as a report of its own';

async function* inChunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function collect(events: AsyncIterable<StreamedReportEvent>): Promise<StreamedReportEvent[]> {
  const all: StreamedReportEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

function reportWithId(id: string, domain = 'example.com'): string {
  return oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`).replace('<domain>example.com</domain>', `<domain>${domain}</domain>`);
}

describe('several <feedback> documents concatenated in one file', () => {
  it('reads each document as a report of its own, each saying where it came from', async () => {
    const reports = await parseReports(concatenated, { filename: 'joined.xml' });

    expect(reports.map((r) => [r.metadata.reportId, r.policy.domain, r.policy.p, r.recordCount, r.messageCount])).toEqual([
      ['joined-2024-03-30-a', 'example.com', 'none', 1, 3],
      ['joined-2024-03-30-b', 'example.org', 'quarantine', 2, 7],
    ]);
    expect(reports[1]?.records.map((r) => r.sourceIp)).toEqual(['198.51.100.7', '2001:db8::7']);
    expect(reports.map((r) => r.warnings)).toEqual([[firstWarning], [secondWarning]]);
  });

  it('gives the same reports whatever the chunking, gzipped or not', async () => {
    const whole = await parseReports(concatenated);
    for (const size of [1, 7, 4096]) expect(await parseReports(inChunksOf(concatenated, size))).toEqual(whole);
    const gzipped = await parseReports(gzipSync(concatenated), { filename: 'joined.xml.gz' });
    expect(gzipped.map((r) => r.metadata.reportId)).toEqual(whole.map((r) => r.metadata.reportId));
  });

  it('streams each report in order (header, records, end) with no content hash of its own', async () => {
    const events = await collect(streamReportEvents(concatenated, { batchSize: 1 }));
    const shape = events.map((e) => (e.type === 'records' ? `records(${e.records.length})` : e.type));
    expect(shape).toEqual(['header', 'records(1)', 'end', 'header', 'records(2)', 'end']);
    const ends = events.filter((e) => e.type === 'end');
    expect(ends.map((e) => [e.concatenated, e.contentSha256])).toEqual([[true, null], [true, null]]);
  });

  it('still hashes a file holding one report', async () => {
    const events = await collect(streamReportEvents(Buffer.from(oneRecordReport())));
    expect(events.at(-1)).toMatchObject({ type: 'end', concatenated: false, contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('yields the reports before a broken document, then refuses the file with the broken one\'s code', async () => {
    const broken = Buffer.from(`${reportWithId('good-1')}${reportWithId('bad-2').replace('<disposition>none</disposition>', '<disposition>not a disposition</disposition>')}${reportWithId('never-3')}`);
    const ended: string[] = [];
    let headerId = '';
    const reading = (async () => {
      for await (const event of streamReportEvents(broken)) {
        if (event.type === 'header') headerId = event.header.metadata.reportId;
        if (event.type === 'end') ended.push(headerId);
      }
    })();

    await expect(reading).rejects.toMatchObject({ code: 'INVALID_REPORT' });
    expect(ended).toEqual(['good-1']);
  });

  it(`refuses more documents than maxDocuments with TOO_MANY_DOCUMENTS, after yielding those within it`, async () => {
    const four = Buffer.from(['a', 'b', 'c', 'd'].map((id) => reportWithId(id)).join('\n'));
    const ended: number[] = [];
    const reading = (async () => {
      for await (const event of streamReportEvents(four, { limits: { maxDocuments: 3 } })) if (event.type === 'end') ended.push(event.summary.recordCount);
    })();

    await expect(reading).rejects.toMatchObject({
      code: 'TOO_MANY_DOCUMENTS',
      message: 'the file holds more than 3 concatenated <feedback> documents (maxDocuments); the first 3 were read',
    });
    expect(ended).toEqual([1, 1, 1]);
    expect(await parseReports(Buffer.from(['a', 'b', 'c'].map((id) => reportWithId(id)).join('')), { limits: { maxDocuments: 3 } })).toHaveLength(3);
  });

  it('keeps refusing anything else after the report', async () => {
    await expect(parseReport(Buffer.from(`${oneRecordReport()}<other/>`))).rejects.toMatchObject({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(/<other> after the end of the root element$/),
    });
  });

  it('refuses a concatenated file where exactly one report is expected', async () => {
    await expect(parseReport(concatenated, { filename: 'joined.xml' })).rejects.toMatchObject({ code: 'INVALID_REPORT', message: 'joined.xml holds 2 reports where one was expected' });
  });
});
