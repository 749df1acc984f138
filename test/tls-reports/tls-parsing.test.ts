import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseEveryReport, type TlsReport } from '../../src/ingestion/index.js';
import { tlsFixture, tlsReportJson } from '../fixtures/report-kinds.js';

async function onlyTls(bytes: Buffer, filename = 'report.json', limits = {}): Promise<TlsReport> {
  const { aggregate, tls, failure } = await parseEveryReport(bytes, { filename, limits });
  expect({ aggregate: aggregate.length, tls: tls.length, failure: failure.length }).toEqual({ aggregate: 0, tls: 1, failure: 0 });
  return tls[0]!;
}

describe('SMTP TLS reports (RFC 8460)', () => {
  it('reads the RFC\'s spelling (mx-host, additional-information): policies, counts and failure details', async () => {
    const report = await onlyTls(tlsFixture('rfc-spelling.json'));
    expect(report).toEqual({
      organizationName: 'Reporter Org',
      contactInfo: 'tls-reports@reporter.example',
      reportId: '2026-12-01T00:00:00Z_example.com',
      begin: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2026-12-01T23:59:59Z'),
      warnings: [],
      policies: [{
        policyType: 'sts',
        policyDomain: 'example.com',
        policyStrings: ['version: STSv1', 'mode: enforce', 'mx: mx1.example.com', 'mx: mx2.example.com', 'max_age: 604800'],
        mxHosts: ['mx*.example.com'],
        successfulSessions: 900,
        failedSessions: 100,
        failureDetails: [
          {
            resultType: 'certificate-expired', sendingMtaIp: '192.0.2.10', receivingIp: '198.51.100.25', receivingMxHostname: 'mx1.example.com',
            receivingMxHelo: null, failedSessions: 60, additionalInformation: 'https://reporter.example/tls/why?id=1', failureReasonCode: null,
          },
          {
            resultType: 'starttls-not-supported', sendingMtaIp: '2001:db8::10', receivingIp: null, receivingMxHostname: 'mx2.example.com',
            receivingMxHelo: 'mx2', failedSessions: 40, additionalInformation: null, failureReasonCode: '421 no TLS',
          },
        ],
      }],
    });
  });

  it('reads the schema\'s spelling (mx-host-pattern, additional-info-uri), gzipped, and a policy without failures', async () => {
    const report = await onlyTls(tlsFixture('schema-spelling.json.gz'), 'schema-spelling.json.gz');
    expect(report.policies.map((p) => [p.policyType, p.policyDomain, p.mxHosts, p.successfulSessions, p.failedSessions, p.failureDetails.length])).toEqual([
      ['tlsa', 'example.com', ['mx1.example.com', 'mx2.example.com'], 2000, 5, 1],
      ['no-policy-found', 'example.net', [], 12, 0, 0],
    ]);
    expect(report.policies[0]!.failureDetails[0]).toMatchObject({ resultType: 'tlsa-invalid', additionalInformation: 'https://other.example/tlsrpt/details/5' });
  });

  it('reads a report attached to an e-mail as application/tlsrpt+gzip or application/tlsrpt+json', async () => {
    const gz = await onlyTls(tlsFixture('tlsrpt-gzip-attachment.eml'), 'tls.eml');
    const json = await onlyTls(tlsFixture('tlsrpt-json-attachment.eml'), 'tls-json.eml');
    expect([gz.reportId, json.reportId]).toEqual(['2026-12-05T00:00:00Z_example.com@provider.example', '2026-12-05T00:00:00Z_example.com@provider.example-json']);
    expect(gz.policies[0]).toMatchObject({ policyDomain: 'example.com', successfulSessions: 480, failedSessions: 20, mxHosts: ['*.example.com'] });
  });

  it('refuses JSON it cannot read (MALFORMED_JSON) and a report without its id (INVALID_REPORT)', async () => {
    await expect(parseEveryReport(tlsFixture('truncated.json'), { filename: 'truncated.json' })).rejects.toMatchObject({ code: 'MALFORMED_JSON', message: expect.stringContaining('truncated.json is not valid JSON') });
    await expect(parseEveryReport(tlsFixture('missing-report-id.json'))).rejects.toMatchObject({ code: 'INVALID_REPORT', message: 'report-id is missing or empty' });
    await expect(parseEveryReport(Buffer.from('{ "a": [1, 2] } trailing'))).rejects.toMatchObject({ code: 'MALFORMED_JSON' });
  });

  it('reads what it can, with warnings: no contact, counts as text, an unlisted result type; drops a policy without counts and a detail without its type', async () => {
    type Policy = { summary: Record<string, unknown>; 'failure-details': unknown[] };
    const json = JSON.parse(tlsReportJson({ failures: { 'certificate-expired': 3 } })) as { 'contact-info'?: string; policies: unknown[] };
    delete json['contact-info'];
    const policy = json.policies[0] as Policy;
    policy.summary['total-successful-session-count'] = '97';
    policy['failure-details'].push({ 'result-type': 'Quantum-Failure', 'failed-session-count': 1 }, { 'failed-session-count': 2 });
    json.policies.push({ policy: { 'policy-type': 'sts', 'policy-domain': 'example.org' } });
    const report = await onlyTls(Buffer.from(JSON.stringify(json)));
    expect(report.contactInfo).toBeNull();
    expect(report.policies).toHaveLength(1);
    expect(report.policies[0]!.successfulSessions).toBe(97);
    expect(report.policies[0]!.failureDetails.map((d) => d.resultType)).toEqual(['certificate-expired', 'quantum-failure']);
    expect(report.warnings).toEqual([
      'contact-info is missing or empty; the report is stored without a contact',
      'policies[0].summary.total-successful-session-count "97" is written as text; read as 97',
      'policies[0].failure-details[1].result-type "quantum-failure" is not one of RFC 8460\'s result types; kept as written',
      'policies[0].failure-details[2] has no result-type; the failure detail was dropped',
      'policies[1] (example.org) has no session counts; the policy was dropped',
    ]);
  });

  it('bounds memory: JSON too deep, too large or with too many entries is refused before it costs more', async () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await expect(parseEveryReport(Buffer.from(deep))).rejects.toMatchObject({ code: 'JSON_TOO_DEEP' });
    const big = Buffer.from(tlsReportJson().replace('"tls@reporter.example"', `"${'x'.repeat(300_000)}"`));
    await expect(parseEveryReport(gzipSync(big), { limits: { maxJsonBytes: 256 * 1024 } })).rejects.toMatchObject({ code: 'REPORT_TOO_LARGE', limit: 'maxJsonBytes' });
    const failures = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`type-${i}`, 1]));
    await expect(parseEveryReport(Buffer.from(tlsReportJson({ failures })), { limits: { maxTlsEntries: 20 } })).rejects.toMatchObject({ code: 'REPORT_TOO_LARGE', limit: 'maxTlsEntries' });
    const longField = JSON.parse(tlsReportJson()) as Record<string, unknown>;
    longField['report-id'] = 'r'.repeat(2000);
    await expect(parseEveryReport(Buffer.from(JSON.stringify(longField)))).rejects.toMatchObject({ code: 'FIELD_TOO_LONG' });
  });

  it('reads aggregate, TLS and failure reports from one zip', async () => {
    const { zipArchive, oneRecordReport } = await import('../fixtures/ingestion/fixtures.js');
    const { arfReport } = await import('../fixtures/report-kinds.js');
    const zip = zipArchive([
      { name: 'a.xml', data: Buffer.from(oneRecordReport()) },
      { name: 't.json', data: Buffer.from(tlsReportJson()) },
      { name: 'f.eml', data: arfReport() },
    ]);
    const all = await parseEveryReport(zip);
    expect([all.aggregate.length, all.tls.length, all.failure.length]).toEqual([1, 1, 1]);
  });
});
