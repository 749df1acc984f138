import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingestion/index.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';

describe('reporter defects we recover from', () => {
  it('reads an address written as <user@host> inside <email> as text', async () => {
    const xml = oneRecordReport().replace('<email>t@tester.example</email>', '<email><bad-xml@bad-xml.net></email>');

    const report = await parseReport(Buffer.from(xml));

    expect(report.metadata.email).toBe('bad-xml@bad-xml.net');
    expect(report.warnings).toEqual([expect.stringMatching(/^a "<" at character \d+ starts no tag and was read as text$/)]);
  });

  it('keeps a stray "<" inside a value verbatim', async () => {
    const report = await parseReport(Buffer.from(oneRecordReport({ headerFrom: 'bad<xml.net' })));
    expect(report.records[0]?.headerFrom).toBe('bad<xml.net');
  });

  it('drops a reason whose type and comment are both empty', async () => {
    const xml = oneRecordReport().replace('<spf>pass</spf></policy_evaluated>', '<spf>pass</spf><reason><type></type><comment></comment></reason></policy_evaluated>');
    const report = await parseReport(Buffer.from(xml));
    expect(report.records[0]?.reasons).toEqual([]);
  });

  it('files a reason that has only a comment under "other"', async () => {
    const xml = oneRecordReport().replace('<spf>pass</spf></policy_evaluated>', '<spf>pass</spf><reason><type/><comment>ARC trusted</comment></reason></policy_evaluated>');
    const report = await parseReport(Buffer.from(xml));
    expect(report.records[0]?.reasons).toEqual([{ type: 'other', comment: 'ARC trusted' }]);
  });

  it('names the organisation after the e-mail domain when org_name is empty', async () => {
    const report = await parseReport(Buffer.from(oneRecordReport().replace('<org_name>Tester</org_name>', '<org_name></org_name>')));
    expect(report.metadata.orgName).toBe('tester.example');
    expect(report.warnings).toEqual(['report_metadata.org_name is empty; the e-mail domain "tester.example" is used']);
  });

  it('accepts a report without records, with a warning', async () => {
    const report = await parseReport(Buffer.from(oneRecordReport().replace(/<record>[\s\S]*<\/record>/, '')));
    expect(report).toMatchObject({ recordCount: 0, records: [], warnings: ['the report has no records'] });
  });

  it('reads a UTF-8 byte order mark and CRLF line ends', async () => {
    const report = await parseReport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(oneRecordReport().replace(/\n/g, '\r\n'))]));
    expect(report.records[0]?.sourceIp).toBe('192.0.2.1');
  });
});
