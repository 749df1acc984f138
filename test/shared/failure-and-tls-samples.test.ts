import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEveryReport } from '../../src/ingestion/index.js';
import { redactFailureReport } from '../../src/ingestion/failure/redaction.js';

const shared = process.env.SHARED_DIR ?? resolve(import.meta.dirname, '../../../shared');
const read = (folder: string, file: string) => parseEveryReport(readFileSync(join(shared, folder, file)), { filename: file });

describe('real-world failure reports (parsedmarc sample set)', () => {
  it('domain.de: an ARF report with its HTML sample; Delivery-Result "smg-policy-action" read as policy', async () => {
    const { failure } = await read('failure-samples', 'DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml');
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatchObject({
      format: 'arf', feedbackType: 'auth-failure', userAgent: 'Lua/1.0', sourceIp: '10.10.10.10', reportedDomain: 'domain.de',
      arrivalDate: new Date('2018-10-01T09:20:27Z'), originalMailFrom: 'sharepoint@domain.de', originalRcptTo: ['peter.pan@domain.de'],
      deliveryResult: 'policy', authFailure: ['dmarc'],
      warnings: ['Delivery-Result "smg-policy-action" is not one of delivered, spam, policy, reject, other; read as "policy"'],
    });
    expect(failure[0]!.sample).toMatchObject({ kind: 'message', from: 'Interaktive Wettbewerber-Übersicht <sharepoint@domain.de>', to: ['peter.pan@domain.de'], subject: 'Subject' });
  });

  it('LinkedIn: the same report with LF and with CRLF line ends is one report', async () => {
    const lf = (await read('failure-samples', 'dmarc_ruf_report_linkedin.eml')).failure[0]!;
    const crlf = (await read('failure-samples', 'dmarc_ruf_report_linkedin.crlf.eml')).failure[0]!;
    expect(lf).toMatchObject({ sourceIp: '10.10.10.10', reportedDomain: 'example.com', deliveryResult: 'delivered', originalMailFrom: null, originalRcptTo: ['recipient@linkedin.com'], reporterDomain: 'linkedin.com' });
    expect(lf.sample).toMatchObject({ kind: 'message', from: 'Sender <sender@example.com>', subject: 'Subject line, could be UTF8 encoded', body: 'Alternative\nText' });
    expect(crlf.identity).toBe(lf.identity);
    const kept = redactFailureReport(lf, { content: 'headers', localParts: 'redact' });
    expect(kept).toMatchObject({ originalRcptTo: ['[redacted]@linkedin.com'], sampleFrom: 'Sender <[redacted]@example.com>', sampleBody: null });
  });
});

describe('real-world SMTP TLS reports (parsedmarc sample set)', () => {
  it('the RFC 8460 example: mx-host and additional-information spellings, IPv6 sending MTAs', async () => {
    const [report] = (await read('tls-samples', 'rfc8460.json')).tls;
    expect(report).toMatchObject({ organizationName: 'Company-X', reportId: '5065427c-23d3-47ca-b6e0-946ea0e8c4be', warnings: [] });
    expect(report!.policies).toHaveLength(1);
    expect(report!.policies[0]).toMatchObject({ policyType: 'sts', policyDomain: 'company-y.example', mxHosts: ['*.mail.company-y.example'], successfulSessions: 5326, failedSessions: 303 });
    expect(report!.policies[0]!.failureDetails.map((d) => [d.resultType, d.sendingMtaIp, d.failedSessions])).toEqual([
      ['certificate-expired', '2001:db8:abcd:12::1', 100],
      ['starttls-not-supported', '2001:db8:abcd:13::1', 200],
      ['validation-failure', '198.51.100.62', 3],
    ]);
    expect(report!.policies[0]!.failureDetails[1]!.additionalInformation).toBe('https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported');
  });

  it('Google\'s report e-mail: the gzipped JSON attached as application/tlsrpt+gzip', async () => {
    const [report] = (await read('tls-samples', 'google.com_smtp_tls_report.eml')).tls;
    expect(report).toMatchObject({ organizationName: 'Google Inc.', contactInfo: 'smtp-tls-reporting@google.com', reportId: '2024-09-03T00:00:00Z_cardinalhealth.ca' });
    expect(report!.policies).toEqual([{ policyType: 'no-policy-found', policyDomain: 'cardinalhealth.ca', policyStrings: [], mxHosts: [], successfulSessions: 48, failedSessions: 0, failureDetails: [] }]);
  });
});
