import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingestion/index.js';

const samples = join(process.env.SHARED_DIR ?? resolve(import.meta.dirname, '../../../shared'), 'dmarc-samples');

function parseSample(file: string) {
  return parseReport(readFileSync(join(samples, file)), { filename: file });
}

describe('real-world samples (parsedmarc sample set)', () => {
  it('large report: 2,286 records, empty org_name named after the e-mail domain', async () => {
    const report = await parseSample('!large-example.com!1711897200!1711983600.xml');
    expect(report.recordCount).toBe(2286);
    expect(report.records).toHaveLength(2286);
    expect(report.metadata).toMatchObject({ orgName: 'accurateplastics.com', email: 'administrator@accurateplastics.com', reportId: 'example.com:1711897200', schemaVersion: 'draft' });
    expect(report.records[0]).toMatchObject({ sourceIp: '12.20.121.1', spfResults: [{ domain: null, scope: null, result: 'none' }] });
  });

  it('RFC 9990 sample: one record with count 123 and the DMARCbis policy fields', async () => {
    const report = await parseSample('rfc9990-sample.xml');
    expect(report.metadata).toMatchObject({ orgName: 'Sample Reporter', schemaVersion: 'rfc9990', generator: 'Example DMARC Aggregate Reporter v1.2' });
    expect(report.policy).toMatchObject({ domain: 'example.com', p: 'quarantine', sp: 'none', np: 'none', testing: 'n', discoveryMethod: 'treewalk', pct: null });
    expect(report.records).toHaveLength(1);
    expect(report.records[0]).toMatchObject({ sourceIp: '192.0.2.123', count: 123, disposition: 'pass', dkim: 'pass', spf: 'fail' });
  });

  it('gzip from FastMail', async () => {
    const report = await parseSample('fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz');
    expect(report).toMatchObject({ source: 'fastmail.com!example.com!1516060800!1516147199!102675056.xml', recordCount: 1 });
    expect(report.metadata).toMatchObject({ orgName: 'FastMail Pty Ltd', reportId: '102675056', schemaVersion: 'rfc7489' });
    expect(report.records[0]).toMatchObject({ envelopeTo: 'fastmail.fm', spfResults: [{ domain: 'example.com', scope: 'mfrom', result: 'softfail' }] });
  });

  it('zip with one report and empty auth_results', async () => {
    const report = await parseSample('estadocuenta1.infonacot.gob.mx!example.com!1536853302!1536939702!2940.xml.zip');
    expect(report.metadata).toMatchObject({ orgName: 'XYZ Corporation', reportId: '2940' });
    expect(report.records).toHaveLength(1);
    expect(report.records[0]).toMatchObject({ sourceIp: '148.243.137.254', dkimResults: [], spfResults: [] });
  });

  it('e-mail from Google with the zipped report attached', async () => {
    const report = await parseSample('Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml');
    expect(report.metadata).toMatchObject({ orgName: 'google.com', reportId: '949348866075514174' });
    expect(report.policy.domain).toBe('borschow.com');
    expect(report.recordCount).toBe(1);
    expect(report.records[0]).toMatchObject({ sourceIp: '92.53.116.102', disposition: 'reject' });
  });

  it("Microsoft's flavour (XML Schema namespaces on the root)", async () => {
    const report = await parseSample('protection.outlook.com!example.com!1711756800!1711843200.xml');
    expect(report.metadata).toMatchObject({ orgName: 'Outlook.com', schemaVersion: 'rfc7489' });
    expect(report.policy).toMatchObject({ fo: '0', pct: 100 });
    expect(report.records[0]).toMatchObject({ sourceIp: '100.24.188.149', envelopeTo: 'hotmail.com' });
  });

  it('pre-RFC draft from the DMARC wiki', async () => {
    const report = await parseSample('old_draft_from_wiki.xml');
    expect(report.metadata).toMatchObject({ orgName: 'acme.com', schemaVersion: 'draft' });
    expect(report.records[0]).toMatchObject({ sourceIp: '72.150.241.94', count: 2, dkimResults: [{ domain: 'example.com', selector: null, result: 'fail', humanResult: null }] });
  });

  it('empty <type>/<comment> in a reason: ingested without the empty reason', async () => {
    const report = await parseSample('empty_reason.xml');
    expect(report.records[0]).toMatchObject({ count: 2, reasons: [], dkim: 'pass', spf: 'fail' });
  });

  it('not well-formed XML whose meaning is recoverable: ingested, with warnings', async () => {
    const report = await parseSample('invalid_xml.xml');
    expect(report.metadata).toMatchObject({ orgName: 'veeam.com', email: 'bad-xml@bad-xml.net', reportId: 'sonexushealth.com:1530233361' });
    expect(report.records).toHaveLength(1);
    expect(report.records[0]).toMatchObject({ sourceIp: '199.230.200.36', headerFrom: 'bad<xml.net' });
    // The two recoveries of the broken XML, and header_from kept as written although it is no domain name.
    expect(report.warnings).toHaveLength(3);
    expect(report.warnings).toContainEqual(expect.stringContaining('"bad<xml.net" is not a domain name; kept as written'));
  });

  it('zero-byte file: refused with the reason', async () => {
    await expect(parseSample('empty.xml')).rejects.toMatchObject({ code: 'EMPTY_REPORT', message: 'empty.xml is empty (0 bytes)' });
  });
});
