import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseReport, parseReports } from '../../src/ingestion/index.js';
import { manyRecordReport, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';

/**
 * Issue 14, "accept what can be recovered, say what was recovered": each class of breakage real
 * receivers send, as a hand-made file in test/fixtures/ingestion/recoverable/, read with the
 * warnings that say what was repaired (a plain normalization, such as case, says nothing).
 */
const recoverable = (name: string) => readFileSync(new URL(`../fixtures/ingestion/recoverable/${name}`, import.meta.url));

describe('XML around, before or after the report', () => {
  it('reads the <feedback> inside a stray <xs:schema> opening tag that is never closed', async () => {
    const report = await parseReport(recoverable('wrapped-in-schema.xml'), { filename: 'wrapped-in-schema.xml' });

    expect(report.metadata).toMatchObject({ orgName: 'Wrapped Mail', reportId: 'wrapped-1' });
    expect(report.records).toHaveLength(1);
    expect(report.warnings).toEqual(['<schema> around or before <feedback> was skipped', 'the document ends without </xs:schema>; they were added']);
  });

  it('reads a <feedback> that follows a complete foreign element', async () => {
    const xml = oneRecordReport().replace('<feedback>', '<generator-info version="2"><built>today</built></generator-info>\n<feedback>');
    const report = await parseReport(Buffer.from(xml));

    expect(report.records).toHaveLength(1);
    expect(report.warnings).toEqual(['<generator-info> around or before <feedback> was skipped']);
  });

  it('adds the end tags missing at the end of a document, when it ends between elements', async () => {
    const report = await parseReport(recoverable('missing-end-tags.xml'));

    expect(report.metadata.reportId).toBe('cut-1');
    expect(report.records).toMatchObject([{ sourceIp: '192.0.2.10', count: 3, spfResults: [{ domain: 'example.com', result: 'pass' }] }]);
    expect(report.warnings).toEqual(['the document ends without </record></feedback>; they were added']);
  });

  it('still refuses a document holding no <feedback> at all', async () => {
    await expect(parseReport(Buffer.from('<?xml version="1.0"?><xs:schema><xs:element/></xs:schema>'))).rejects.toMatchObject({
      code: 'INVALID_REPORT',
      message: 'the document has no <feedback> element (its root is <schema>): this is not a DMARC aggregate report',
    });
  });
});

describe('bytes and encodings', () => {
  it('replaces Windows-1252 bytes in a UTF-8 report by U+FFFD and names each field that holds one', async () => {
    const report = await parseReport(recoverable('windows-1252-bytes.xml'));

    expect(report.metadata.orgName).toBe('T\uFFFDl\uFFFDcom Mail');
    expect(report.records[0]!.headerFrom).toBe('exampl\uFFFD.com');
    expect(report.warnings).toEqual([
      expect.stringMatching(/^3 byte sequence\(s\) between bytes 0 and \d+ are not valid UTF-8; each was replaced by U\+FFFD$/),
      '<org_name> holds invalid bytes, replaced by U+FFFD: "T\uFFFDl\uFFFDcom Mail"',
      'record 1: <header_from> holds invalid bytes, replaced by U+FFFD: "exampl\uFFFD.com"',
      // U+FFFD is no letter of a domain name: said too (the value is still kept).
      'record 1: identifiers.header_from "exampl\uFFFD.com" is not a domain name; kept as written',
    ]);
  });

  it('honours an XML declaration naming ISO-8859-1 and a UTF-16 byte order mark', async () => {
    expect((await parseReport(recoverable('iso-8859-1-declared.xml'))).metadata.orgName).toBe('Télécom Español');
    const utf16 = await parseReport(recoverable('utf-16le-bom.xml'));
    expect(utf16.metadata.orgName).toBe('Ünicode');
    expect(utf16.warnings).toEqual([]);
  });
});

describe('containers', () => {
  it('ignores a CRLF a mail gateway appended to a gzip, with a warning', async () => {
    const report = await parseReport(recoverable('trailing-crlf.xml.gz'), { filename: 'trailing-crlf.xml.gz' });
    expect(report.metadata.reportId).toBe('crlf-1');
    expect(report.warnings).toEqual(['gzip trailing-crlf.xml.gz has 2 byte(s) after its compressed data; they were ignored']);
  });

  it('ignores bytes after a large gzip and after a gzip inside a zip inside a gzip, naming each', async () => {
    const big = Buffer.concat([gzipSync(manyRecordReport(20_000)), Buffer.from('\n')]);
    const report = await parseReport(big, { filename: 'big.xml.gz' });
    expect(report.records).toHaveLength(20_000);
    expect(report.warnings).toEqual(['gzip big.xml.gz has 1 byte(s) after its compressed data; they were ignored']);

    const inner = Buffer.concat([gzipSync(recoverable('no-auth-results.xml')), Buffer.from('\r\n')]);
    const [nested] = await parseReports(Buffer.concat([gzipSync(zipArchive([{ name: 'r.xml.gz', data: inner }])), Buffer.from(' ')]), { filename: 'outer.zip.gz' });
    expect(nested!.warnings).toEqual([
      'gzip r.xml.gz has 2 byte(s) after its compressed data; they were ignored',
      'gzip outer.zip.gz has 1 byte(s) after its compressed data; they were ignored',
    ]);
  });

  it('still refuses a gzip cut short, or followed by more than a few stray bytes', async () => {
    const gzip = gzipSync(manyRecordReport(3000));
    await expect(parseReport(gzip.subarray(0, -3))).rejects.toMatchObject({ code: 'CORRUPT_ARCHIVE', message: expect.stringContaining('truncated') });
    await expect(parseReport(Buffer.concat([gzip, Buffer.alloc(100, 'x')]))).rejects.toMatchObject({ code: 'CORRUPT_ARCHIVE' });
  });

  it('reads an .xml.gz that is really plain XML, by its bytes', async () => {
    const [report] = await parseReports(recoverable('no-auth-results.xml'), { filename: 'terse.xml.gz' });
    expect(report!.metadata.reportId).toBe('terse-1');
  });

  it('reads a zip holding a folder, several files and a gzip', async () => {
    const xml = recoverable('no-auth-results.xml');
    const zip = zipArchive([
      { name: 'reports/', data: Buffer.alloc(0) },
      { name: 'reports/a.xml', data: xml },
      { name: 'reports/b.xml.gz', data: gzipSync(Buffer.from(xml.toString().replace('terse-1', 'terse-2'))) },
    ]);
    const reports = await parseReports(zip);
    expect(reports.map((report) => [report.source, report.metadata.reportId])).toEqual([
      ['reports/a.xml', 'terse-1'],
      ['reports/b.xml', 'terse-2'],
    ]);
  });

  it.each([
    ['an inline text/xml part', 'inline-text-xml.eml', 'mail-1'],
    ['an unnamed application/octet-stream attachment', 'octet-stream-no-name.eml', 'mail-2'],
    ['a forwarded message/rfc822 holding the report', 'forwarded-message.eml', 'mail-3'],
  ])('reads an e-mail whose report is %s', async (_case, file, reportId) => {
    const reports = await parseReports(recoverable(file), { filename: file });
    expect(reports.map((report) => report.metadata.reportId)).toEqual([reportId]);
  });
});

describe('values', () => {
  it('reads namespace prefixes on every element', async () => {
    const report = await parseReport(recoverable('namespaced-everywhere.xml'));
    expect(report.metadata).toMatchObject({ orgName: 'Prefixed Mail', schemaVersion: 'rfc9990' });
    expect(report.records[0]).toMatchObject({ sourceIp: '192.0.2.7', count: 4, disposition: 'reject' });
    expect(report.warnings).toEqual([]);
  });

  it('reads mixed-case and padded keywords, empty optional elements and ISO dates (these with a warning)', async () => {
    const report = await parseReport(recoverable('sloppy-values.xml'));

    expect(report.metadata).toMatchObject({ orgName: 'Sloppy Receiver', begin: new Date('2024-03-30T00:00:00Z'), end: new Date('2024-03-30T23:59:59Z') });
    expect(report.policy).toMatchObject({ domain: 'example.com', adkim: null, aspf: null, p: 'reject', sp: 'quarantine', pct: null });
    expect(report.records[0]).toMatchObject({ sourceIp: '192.0.2.8', count: 2, disposition: 'none', dkim: 'pass', spf: 'fail', envelopeFrom: null });
    expect(report.warnings).toEqual([
      'report_metadata.date_range.begin "2024-03-30T00:00:00Z" is ISO 8601 text, not Unix seconds; read as 1711756800',
      'report_metadata.date_range.end "2024-03-30T23:59:59Z" is ISO 8601 text, not Unix seconds; read as 1711843199',
    ]);
  });

  it('reads an ISO date without a time zone as UTC, and says so', async () => {
    const xml = oneRecordReport().replace('<begin>1700000000</begin>', '<begin>2023-11-14</begin>');
    const report = await parseReport(Buffer.from(xml));
    expect(report.metadata.begin).toEqual(new Date('2023-11-14T00:00:00Z'));
    expect(report.warnings).toEqual(['report_metadata.date_range.begin "2023-11-14" is ISO 8601 text, not Unix seconds; read as 1699920000 (no time zone given: UTC)']);
  });

  it('reads a record without <auth_results>', async () => {
    const report = await parseReport(recoverable('no-auth-results.xml'));
    expect(report.records[0]).toMatchObject({ sourceIp: '2001:db8::5', dkimResults: [], spfResults: [] });
  });
});

/** Found by `npm run compare:parsedmarc` on hand-made shapes: header values parsedmarc reads and we refused. */
describe('header values parsedmarc reads', () => {
  it('stores a report whose <email> is empty without a contact address, with a warning', async () => {
    const report = await parseReport(recoverable('empty-email.xml'));
    expect(report.metadata).toMatchObject({ orgName: 'Quiet Receiver', email: null, reportId: 'quiet-17' });
    expect(report.warnings).toEqual(['report_metadata.email is missing or empty; the report is stored without a contact address']);
  });

  it('reads whole numbers written as decimals (50.0, 1711756800.000) in the header, with a warning', async () => {
    const report = await parseReport(recoverable('decimal-numbers.xml'));
    expect(report.metadata).toMatchObject({ begin: new Date(1711756800_000), end: new Date(1711843199_000) });
    expect(report.policy.pct).toBe(50);
    expect(report.warnings).toEqual([
      'report_metadata.date_range.begin "1711756800.0" is written as a decimal; read as 1711756800',
      'report_metadata.date_range.end "1711843199.000" is written as a decimal; read as 1711843199',
      'policy_published.pct "50.0" is written as a decimal; read as 50',
    ]);
  });

  it('keeps a date range that ends before it begins as sent, with a warning', async () => {
    const report = await parseReport(recoverable('end-before-begin.xml'));
    expect(report.metadata).toMatchObject({ begin: new Date(1711843199_000), end: new Date(1711756800_000) });
    expect(report.warnings).toEqual(['report_metadata.date_range ends (1711756800) before it begins (1711843199); kept as sent']);
  });
});
