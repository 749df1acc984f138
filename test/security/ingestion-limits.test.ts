import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultIngestionLimits, parseReport, parseReports } from '../../src/ingestion/index.js';
import { emailMessage, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';

/** Hostile inputs against the parser alone (the HTTP side is in ingestion-upload.test.ts). */

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

/** The one-record report with `extension` inside its `<record>`. */
const withExtension = (extension: string) => oneRecordReport().replace('<record>', `<record>${extension}`);
const nested = (depth: number) => `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`;

describe('XML nesting depth', () => {
  it('reads unknown elements nested up to maxXmlDepth (32) in all, skipping them', async () => {
    // <feedback> and <record> are 2 levels: 30 more reach the limit exactly.
    const report = await parseReport(Buffer.from(withExtension(nested(30))));
    expect(report.records).toHaveLength(1);
    expect(report.records[0]!.sourceIp).toBe('192.0.2.1');
  });

  it('refuses one level more with XML_TOO_DEEP (422) at the element that passes it', async () => {
    const refusal = parseReport(Buffer.from(withExtension(nested(31))));
    await expect(refusal).rejects.toMatchObject({ code: 'XML_TOO_DEEP', httpStatus: 422, exitCode: 65 });
    await expect(refusal).rejects.toThrow(/nested more than 32 deep at character \d+ \(maxXmlDepth\)/);
  });

  it('refuses the review\'s shape (<feedback> then <a> opened without end) after 32 levels, whatever the chunking', async () => {
    const xml = Buffer.from(`<?xml version="1.0"?><feedback>${'<a>'.repeat(100_000)}`);
    for (const size of [1, 7, 4096, xml.length]) {
      await expect(parseReport(chunksOf(xml, size)), `chunks of ${size}`).rejects.toMatchObject({ code: 'XML_TOO_DEEP' });
    }
  });

  it('still checks that ignored elements are well-formed', async () => {
    await expect(parseReport(Buffer.from(withExtension('<x><y></x></y>')))).rejects.toMatchObject({ code: 'MALFORMED_XML' });
  });

  it('takes the limit from the options', async () => {
    await expect(parseReport(Buffer.from(withExtension(nested(3))), { limits: { maxXmlDepth: 4 } })).rejects.toMatchObject({ code: 'XML_TOO_DEEP' });
    expect((await parseReport(Buffer.from(withExtension(nested(2))), { limits: { maxXmlDepth: 4 } })).records).toHaveLength(1);
  });
});

describe('field lengths count all the pieces of a value', () => {
  const metadata = (element: string) => oneRecordReport().replace('<org_name>Tester</org_name>', element);

  it('accepts an org_name of exactly 1024 characters and refuses 1025 with FIELD_TOO_LONG (422)', async () => {
    const atLimit = await parseReport(Buffer.from(metadata(`<org_name>${'o'.repeat(1024)}</org_name>`)));
    expect(atLimit.metadata.orgName).toHaveLength(1024);

    const refusal = parseReport(Buffer.from(metadata(`<org_name>${'o'.repeat(1025)}</org_name>`)));
    await expect(refusal).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', httpStatus: 422, field: 'org_name', maximum: 1024 });
    await expect(refusal).rejects.toThrow('<org_name> is longer than 1024 characters');
  });

  it.each([
    ['org_name', 'a<!---->'],
    ['extra_contact_info', 'b<!---->'],
    ['org_name', '<![CDATA[c]]>'],
    ['org_name', '&amp;'],
    ['org_name', 'd<?pi?>'],
  ])('refuses a 20 MiB <%s> cut into pieces by %s before reading it all', async (field, piece) => {
    let produced = 0;
    async function* value(): AsyncGenerator<Uint8Array> {
      const [head, tail] = metadata(`<${field}>\u0000</${field}>`).split('\u0000') as [string, string];
      yield Buffer.from(head);
      const block = Buffer.from(piece.repeat(8192));
      while (produced < 20 * 1024 * 1024) {
        produced += block.length;
        yield block;
      }
      yield Buffer.from(tail);
    }
    await expect(parseReport(value())).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', field });
    // Refused within the first blocks, not after the 20 MiB.
    expect(produced).toBeLessThan(1024 * 1024);
  });

  it('sizes each field for what it holds: 4 KiB of contact details, 256 characters of a keyword', async () => {
    const contact = metadata(`<org_name>Tester</org_name><extra_contact_info>${'c'.repeat(4096)}</extra_contact_info>`);
    expect((await parseReport(Buffer.from(contact))).metadata.extraContactInfo).toHaveLength(4096);
    await expect(parseReport(Buffer.from(contact.replace('</extra', 'c</extra')))).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', field: 'extra_contact_info' });

    const padded = oneRecordReport({ disposition: ` ${' '.repeat(300)}none ` });
    await expect(parseReport(Buffer.from(padded))).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', field: 'disposition', recordIndex: 0 });
  });

  it('names the record of a field that is too long', async () => {
    const refusal = parseReport(Buffer.from(oneRecordReport({ headerFrom: `${'h'.repeat(600)}<!---->${'h'.repeat(600)}` })));
    await expect(refusal).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', field: 'header_from', recordIndex: 0 });
    await expect(refusal).rejects.toThrow(/^record 1: <header_from> is longer than 1024 characters$/);
  });

  it('decides the same at every chunk size, also for values whose entities make the raw text longer', async () => {
    // 1000 decoded characters from 5000 raw ones: accepted wherever the chunks split it.
    const entities = Buffer.from(metadata(`<org_name>${'&amp;'.repeat(1000)}</org_name>`));
    const tooLong = Buffer.from(metadata(`<org_name>${'x'.repeat(3000)}</org_name>`));
    for (const size of [1, 2, 3, 100, 1000, 4096]) {
      expect((await parseReport(chunksOf(entities, size))).metadata.orgName, `chunks of ${size}`).toBe('&'.repeat(1000));
      await expect(parseReport(chunksOf(tooLong, size)), `chunks of ${size}`).rejects.toMatchObject({ code: 'FIELD_TOO_LONG', field: 'org_name' });
    }
  });
});

describe('repeated elements', () => {
  const dkim = '<dkim><domain>example.com</domain><result>pass</result></dkim>';
  const withResults = (count: number) => oneRecordReport().replace('<auth_results>', `<auth_results>${dkim.repeat(count)}`);

  it('reads 100 DKIM results in a record and refuses 101 with REPORT_TOO_LARGE (maxRepeatedElements)', async () => {
    expect((await parseReport(Buffer.from(withResults(100)))).records[0]!.dkimResults).toHaveLength(100);
    await expect(parseReport(Buffer.from(withResults(101)))).rejects.toMatchObject({
      code: 'REPORT_TOO_LARGE',
      httpStatus: 413,
      limit: 'maxRepeatedElements',
      message: 'the number of DKIM results in one record exceeds the limit of 100 (maxRepeatedElements)',
    });
  });

  it('bounds SPF results, reasons and metadata errors the same way', async () => {
    const spf = oneRecordReport().replace('<auth_results>', `<auth_results>${'<spf><domain>e.com</domain><result>pass</result></spf>'.repeat(101)}`);
    const reasons = oneRecordReport().replace('<spf>pass</spf></policy_evaluated>', `<spf>pass</spf>${'<reason><type>other</type></reason>'.repeat(101)}</policy_evaluated>`);
    const errors = oneRecordReport().replace('<report_id>', `${'<error>e</error>'.repeat(101)}<report_id>`);
    for (const xml of [spf, reasons, errors]) {
      await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ code: 'REPORT_TOO_LARGE', limit: 'maxRepeatedElements' });
    }
  });
});

describe('NUL characters', () => {
  it.each([
    ['a raw U+0000 in org_name', oneRecordReport().replace('Tester', 'Test\u0000er')],
    ['a raw U+0000 in header_from', oneRecordReport({ headerFrom: 'exa\u0000mple.com' })],
    ['a raw U+0000 in a comment', oneRecordReport().replace('<record>', '<!-- \u0000 --><record>')],
    ['&#0; in org_name', oneRecordReport().replace('Tester', 'Test&#0;er')],
    ['&#x0000; in header_from', oneRecordReport({ headerFrom: 'exa&#x0000;mple.com' })],
  ])('refuses %s as MALFORMED_XML (422)', async (_case, xml) => {
    const refusal = parseReport(Buffer.from(xml));
    await expect(refusal).rejects.toMatchObject({ code: 'MALFORMED_XML', httpStatus: 422 });
    await expect(refusal).rejects.toThrow(/U\+0000 \(NUL\)/);
  });

  it('still reads a UTF-16 report, whose bytes are full of zeros', async () => {
    const xml = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(oneRecordReport(), 'utf16le')]);
    expect((await parseReport(xml)).metadata.orgName).toBe('Tester');
  });
});

describe('containers', () => {
  const xmlPart = (i: number) => ({
    filename: `r-${i}.xml`,
    contentType: 'text/xml',
    data: Buffer.from(oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>t-${i}</report_id>`)),
    encoding: 'base64' as const,
  });

  it('reads 16 report attachments of one e-mail and refuses 17 (or 2,000) whole with TOO_MANY_ENTRIES', async () => {
    expect(await parseReports(emailMessage(Array.from({ length: 16 }, (_, i) => xmlPart(i))))).toHaveLength(16);
    for (const count of [17, 2000]) {
      const refusal = parseReports(emailMessage(Array.from({ length: count }, (_, i) => xmlPart(i))), { filename: 'many.eml' });
      await expect(refusal).rejects.toMatchObject({ code: 'TOO_MANY_ENTRIES', httpStatus: 413 });
      await expect(refusal).rejects.toThrow(`e-mail many.eml has ${count} report attachments; at most 16 are read (maxEmailAttachments)`);
    }
  });

  it('buffers at most 64 MiB of a zip or e-mail inside gzip, refusing more as it arrives', async () => {
    expect(defaultIngestionLimits.maxBufferedContainerBytes).toBe(64 * 1024 * 1024);
    // A 65 MiB e-mail body (compressible, but not a bomb), gzipped as it is generated.
    let produced = 0;
    async function* email(): AsyncGenerator<Buffer> {
      yield Buffer.from('From: r@reporter.example\r\nSubject: big\r\n\r\n');
      const line = (i: number) => Buffer.from(`${'x'.repeat(60)} ${i.toString(36).padStart(8, '0')}\r\n`);
      for (let block = 0; produced < 65 * 1024 * 1024; block++) {
        const lines = Array.from({ length: 4096 }, (_, i) => line(block * 4096 + i));
        const chunk = Buffer.concat(lines);
        produced += chunk.length;
        yield chunk;
      }
    }
    const gzipped = Readable.from(email()).pipe(createGzip({ level: 1 }));
    const refusal = parseReports(gzipped, { filename: 'big.eml.gz' });
    await expect(refusal).rejects.toMatchObject({ code: 'REPORT_TOO_LARGE', limit: 'maxBufferedContainerBytes', httpStatus: 413 });
    await expect(refusal).rejects.toThrow('e-mail big.eml, which is read whole, exceeds the limit of 67108864 (maxBufferedContainerBytes)');
  });

  it('applies the buffered-container limit to a zip inside gzip too, from the options', async () => {
    const zip = zipArchive([{ name: 'r.xml', data: Buffer.from(oneRecordReport()) }]);
    const limits = { maxBufferedContainerBytes: zip.length - 1 };
    await expect(parseReports(gzipSync(zip), { limits })).rejects.toMatchObject({ code: 'REPORT_TOO_LARGE', limit: 'maxBufferedContainerBytes' });
    expect(await parseReports(gzipSync(zip), { limits: { maxBufferedContainerBytes: zip.length } })).toHaveLength(1);
  });
});
