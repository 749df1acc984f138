import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseReport, streamReportEvents, type ReportEvent } from '../../src/ingestion/index.js';
import { fixture, manyRecordReport } from '../fixtures/ingestion/fixtures.js';

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function collect(events: AsyncIterable<ReportEvent>): Promise<ReportEvent[]> {
  const seen: ReportEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('streaming', () => {
  it('delivers the header, then records in batches, then the summary', async () => {
    const xml = Buffer.from(manyRecordReport(2500));

    const events = await collect(streamReportEvents(chunksOf(xml, 4096), { filename: 'big.xml', batchSize: 1000 }));

    expect(events[0]).toMatchObject({ type: 'header', source: 'big.xml', header: { metadata: { orgName: 'Tester' } } });
    const batches = events.filter((event) => event.type === 'records').map((event) => event.records.length);
    expect(batches.slice(0, -1).every((size) => size >= 1000 && size < 1100)).toBe(true);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(2500);
    expect(events.at(-1)).toEqual({
      type: 'end', source: 'big.xml', summary: { recordCount: 2500, messageCount: 7500, warnings: [] },
      contentSha256: createHash('sha256').update(xml).digest('hex'),
    });
  });

  it('gives the same result whatever the chunk boundaries, down to one byte', async () => {
    const whole = await parseReport(fixture('rfc7489.xml'));
    const byteByByte = await parseReport(chunksOf(fixture('rfc7489.xml'), 1));
    const withMultiByteSplits = await parseReport(chunksOf(Buffer.from(fixture('draft.xml').toString().replace('old.example', 'ünïcödé')), 3));

    expect(byteByByte).toEqual(whole);
    expect(withMultiByteSplits.metadata.orgName).toBe('ünïcödé');
  });

  it('keeps memory bounded: a 10k-record report streamed holds at most one batch of records', async () => {
    let largestBatch = 0;
    let total = 0;
    for await (const event of streamReportEvents(chunksOf(Buffer.from(manyRecordReport(10_000)), 65536), { batchSize: 500 })) {
      if (event.type !== 'records') continue;
      largestBatch = Math.max(largestBatch, event.records.length);
      total += event.records.length;
    }
    expect(total).toBe(10_000);
    expect(largestBatch).toBeLessThan(800);
  });
});
