import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseReport, streamReportEvents, type StreamedReportEvent } from '../../src/ingestion/index.js';
import { fixture, manyRecordReport, oneRecordReport } from '../fixtures/ingestion/fixtures.js';

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function collect(events: AsyncIterable<StreamedReportEvent>): Promise<StreamedReportEvent[]> {
  const seen: StreamedReportEvent[] = [];
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
      type: 'end', source: 'big.xml', concatenated: false, summary: { recordCount: 2500, messageCount: 7500, warnings: [] },
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

  it('gives the same result at every chunk size when tags, entities, CDATA and comments straddle the boundaries', async () => {
    const xml = Buffer.from(
      oneRecordReport({ headerFrom: 'Ex&#97;mple.COM', count: ' 1 ' })
        .replace('<org_name>Tester</org_name>', '<org_name>AT&amp;T &amp; Co &#x41;&#66; &bogus; R&D</org_name>')
        .replace('<report_id>t-1</report_id>', '<report_id><![CDATA[id<1>&amp;]]>-<!-- generated -->2</report_id>')
        .replace('<record>', '<record xml:lang="en">\r\n  <?pi skipped?><extension><vendor a=">">x</vendor></extension>')
        .replace('<policy_evaluated>', '<dmarc:policy_evaluated>')
        .replace('</policy_evaluated>', '</dmarc:policy_evaluated>')
        .replace('<spf><domain>', '<spf><scope/><domain>'),
    );
    const whole = await parseReport(xml);
    expect(whole.metadata).toMatchObject({ orgName: 'AT&T & Co AB &bogus; R&D', reportId: 'id<1>&amp;-2' });
    expect(whole.records[0]).toMatchObject({ headerFrom: 'example.com', count: 1, disposition: 'none', spfResults: [{ domain: 'example.com', scope: null }] });

    for (let size = 1; size <= 48; size++) expect(await parseReport(chunksOf(xml, size))).toEqual(whole);
  });

  it('decodes entities wherever they first appear in a long streamed report', async () => {
    const xml = manyRecordReport(3000).replace(/<header_from>example.com<\/header_from>/g, (tag, offset: number) =>
      offset % 7 === 0 ? '<header_from>ex&#x61;mple.com</header_from>' : tag,
    );
    expect(xml).toContain('&#x61;');

    const report = await parseReport(chunksOf(Buffer.from(xml), 4093));

    expect(report.records.every((record) => record.headerFrom === 'example.com')).toBe(true);
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
