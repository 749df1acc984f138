import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingestion/index.js';
import { fixture, oneRecordReport, type RecordFields } from '../fixtures/ingestion/fixtures.js';

function parseWith(fields: RecordFields) {
  return parseReport(Buffer.from(oneRecordReport(fields)));
}

describe('record validation', () => {
  // A record that cannot be stored as one is dropped with a warning naming it (as parsedmarc drops it).
  it.each(['300.1.2.3', '10.0.0', '1.2.3.4.5', 'fe80::1%eth0', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'example.com', '::ffff:1.2.3', '[192.0.2.1', '192.0.2.1:99999'])(
    'drops the record with source_ip %s, naming the record and field',
    async (sourceIp) => {
      const report = await parseWith({ sourceIp });
      expect(report.records).toEqual([]);
      expect(report.warnings[0]).toBe(`record 1: row.source_ip "${sourceIp}" is not an IP address; the record was dropped`);
    },
  );

  it.each([
    ['9007199254740992', 'record 1: row.count 9007199254740992 is larger than 9007199254740991'],
    ['99999999999999999999999', 'record 1: row.count 99999999999999999999999 is larger than 9007199254740991'],
    ['-5', 'record 1: row.count "-5" is not a non-negative integer'],
    ['2.5', 'record 1: row.count "2.5" is not a non-negative integer'],
    ['1e3', 'record 1: row.count "1e3" is not a non-negative integer'],
    ['', 'record 1: row.count is missing or empty'],
  ])('drops the record with count %j, saying why', async (count, message) => {
    const report = await parseWith({ count });
    expect(report).toMatchObject({ recordCount: 0, messageCount: 0 });
    expect(report.warnings[0]).toBe(`${message}; the record was dropped`);
  });

  it('accepts the largest safe count exactly', async () => {
    const report = await parseWith({ count: '9007199254740991' });
    expect(report.records[0]?.count).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a disposition that is not a word, listing the allowed values', async () => {
    await expect(parseWith({ disposition: 'dis card' })).rejects.toMatchObject({
      message: 'record 1: row.policy_evaluated.disposition "dis card" is not one of none, pass, quarantine, reject',
    });
  });

  it('stores a blank header_from as not stated, saying so', async () => {
    const report = await parseWith({ headerFrom: ' ' });
    expect(report.records[0]?.headerFrom).toBeNull();
    expect(report.warnings[0]).toBe('record 1: identifiers.header_from is missing or empty; stored as not stated (null)');
  });

  it('names the failing record in a longer report', async () => {
    const xml = fixture('rfc7489.xml').toString().replace('<disposition>none</disposition>', '<disposition>dis card</disposition>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ recordIndex: 1, message: expect.stringMatching(/^record 2: row.policy_evaluated.disposition "dis card"/) });
  });

  it.each([
    ['<report_id>t-1</report_id>', '', 'report_metadata.report_id is missing or empty'],
    ['<org_name>Tester</org_name><email>t@tester.example</email>', '<org_name/><email/>', 'report_metadata.email and report_metadata.org_name are both missing or empty: nothing says who sent the report'],
    ['<begin>1700000000</begin>', '', 'report_metadata.date_range.begin is missing or empty'],
    ['<begin>1700000000</begin>', '<begin>1700000000.5</begin>', 'report_metadata.date_range.begin "1700000000.5" is not a non-negative integer'],
    ['<domain>example.com</domain><p>none</p>', '<domain>example.com</domain>', 'policy_published.p is missing or empty'],
    ['<p>none</p>', '<p>none</p><pct>150</pct>', 'policy_published.pct 150 is not a percentage (0-100)'],
    ['<p>none</p>', '<p>none</p><adkim>x</adkim>', 'policy_published.adkim "x" is not one of r, s'],
  ])('refuses report metadata %s → %s', async (from, to, message) => {
    await expect(parseReport(Buffer.from(oneRecordReport().replace(from, to)))).rejects.toMatchObject({ code: 'INVALID_REPORT', message });
  });
});

describe('encoding and well-formedness', () => {
  it('reads invalid UTF-8 as U+FFFD, and says where (issue 14: recover, and say so)', async () => {
    const xml = Buffer.from(oneRecordReport().replace('Tester', 'Test\u0000er'));
    xml[xml.indexOf(0)] = 0xc3; // a lead byte followed by ASCII: not UTF-8
    const report = await parseReport(xml, { filename: 'latin.xml' });
    expect(report.metadata.orgName).toBe('Test\uFFFDer');
    expect(report.warnings).toEqual([
      expect.stringMatching(/^1 byte sequence\(s\) between bytes 0 and \d+ are not valid UTF-8; each was replaced by U\+FFFD$/),
      '<org_name> holds invalid bytes, replaced by U+FFFD: "Test\uFFFDer"',
    ]);
  });

  it('keeps a U+FFFD the report spells out itself, without a warning', async () => {
    const report = await parseReport(Buffer.from(oneRecordReport().replace('Tester', 'Test\uFFFDer')));
    expect(report.metadata.orgName).toBe('Test\uFFFDer');
    expect(report.warnings).toEqual([]);
  });

  it('reads a report that declares ISO-8859-1', async () => {
    const xml = oneRecordReport().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>').replace('Tester', 'Télécom');
    const report = await parseReport(Buffer.from(xml, 'latin1'));
    expect(report.metadata.orgName).toBe('Télécom');
  });

  it('refuses a document that ends inside a value (the value may be cut short)', async () => {
    const xml = oneRecordReport();
    await expect(parseReport(Buffer.from(xml.slice(0, xml.indexOf('.com</header_from>'))))).rejects.toMatchObject({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(/the document ends inside <header_from> \(truncated\?\)$/),
    });
  });

  it('refuses a document that ends with a record cut short', async () => {
    const xml = oneRecordReport();
    await expect(parseReport(Buffer.from(xml.slice(0, xml.indexOf('<identifiers>'))))).rejects.toMatchObject({ code: 'INVALID_REPORT' });
  });

  it('refuses mismatched tags with their position', async () => {
    const xml = oneRecordReport().replace('</identifiers>', '</identifier>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(/^malformed XML at character \d+: <\/identifier> where <\/identifiers> was expected$/),
    });
  });

  it('refuses a value closed by another element\'s end tag', async () => {
    const xml = oneRecordReport().replace('<count>1</count>', '<count>1</cont>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(/^malformed XML at character \d+: <\/cont> where <\/count> was expected$/),
    });
  });

  it('refuses XML that is not a DMARC report', async () => {
    await expect(parseReport(Buffer.from('<?xml version="1.0"?><html><body/></html>'))).rejects.toMatchObject({
      code: 'INVALID_REPORT',
      message: 'the document has no <feedback> element (its root is <html>): this is not a DMARC aggregate report',
    });
  });

  it('refuses a second root element that is not a report', async () => {
    await expect(parseReport(Buffer.from(`${oneRecordReport()}<html/>`))).rejects.toMatchObject({
      code: 'MALFORMED_XML',
      message: expect.stringMatching(/<html> after the end of the root element$/),
    });
  });
});
