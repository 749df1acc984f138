import { describe, expect, it } from 'vitest';
import { parseEveryReport, type FailureReport } from '../../src/ingestion/index.js';
import { emailMessage } from '../fixtures/ingestion/fixtures.js';
import { arfReport, failureFixture } from '../fixtures/report-kinds.js';

async function onlyFailure(bytes: Buffer, filename = 'report.eml'): Promise<FailureReport> {
  const { aggregate, tls, failure } = await parseEveryReport(bytes, { filename });
  expect({ aggregate: aggregate.length, tls: tls.length, failure: failure.length }).toEqual({ aggregate: 0, tls: 0, failure: 1 });
  return failure[0]!;
}

describe('failure reports (RFC 6591 ARF, RFC 9991)', () => {
  it('reads an ARF report with its full sample: feedback fields, the failed message\'s header, URLs and attachment names', async () => {
    const report = await onlyFailure(failureFixture('arf-full-sample.eml'));
    expect(report).toMatchObject({
      format: 'arf',
      feedbackType: 'auth-failure',
      userAgent: 'ReceiverMTA/4.2',
      version: '1',
      arrivalDate: new Date('2026-12-07T09:30:41Z'),
      sourceIp: '203.0.113.77',
      reportedDomain: 'example.com',
      originalMailFrom: '<billing@lookalike.example>',
      originalRcptTo: ['<alice.smith@customer.example>', '<bob@customer.example>'],
      originalEnvelopeId: '4Tq8Xk0abcz',
      deliveryResult: 'reject',
      authFailure: ['dmarc', 'dkim'],
      identityAlignment: [],
      dkimDomain: 'example.com',
      dkimIdentity: '@example.com',
      dkimSelector: 's2026',
      reportingMta: 'dns; mx1.receiver.example',
      reporterDomain: 'receiver.example',
      warnings: [],
    });
    expect(report.authenticationResults).toBe(
      'mx1.receiver.example; dkim=fail (bad signature) header.d=example.com header.s=s2026; spf=fail smtp.mailfrom=billing@lookalike.example; dmarc=fail (p=reject dis=reject) header.from=example.com',
    );
    // DKIM-Canonicalized-Header is the message itself (base64): the sample says it, under the privacy settings.
    expect(report.fields.map((f) => f.name)).not.toContain('DKIM-Canonicalized-Header');
    expect(report.sample).toMatchObject({
      kind: 'message',
      from: 'Example Corp Accounts <ceo@example.com>',
      to: ['Alice Smith <alice.smith@customer.example>'],
      subject: 'Overdue invoice 2026-1187',
      date: new Date('2026-12-07T09:30:35Z'),
      messageId: '<20261207093035.77@mail.lookalike.example>',
      urls: ['https://pay.lookalike.example/invoice?id=1187&to=alice.smith%40customer.example', 'https://docs.lookalike.example/terms'],
      attachmentNames: ['invoice-1187.pdf'],
    });
    expect(report.sample!.body).toContain('Your invoice is overdue.');
    expect(report.sample!.headers.map((h) => h.name)).toEqual(['Received', 'DKIM-Signature', 'From', 'To', 'Reply-To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type']);
    // Folded header lines are joined.
    expect(report.sample!.headers[0]!.value).toBe('from mail.lookalike.example (mail.lookalike.example [203.0.113.77]) by mx1.receiver.example with ESMTP id 4Tq8Xk0abcz for <alice.smith@customer.example>; Mon, 07 Dec 2026 09:30:41 +0000');
  });

  it('reads a headers-only sample (text/rfc822-headers): no body, no URLs', async () => {
    const report = await onlyFailure(failureFixture('arf-headers-only.eml'));
    expect(report).toMatchObject({ sourceIp: '198.51.100.23', reportedDomain: 'example.com', identityAlignment: ['dkim'], deliveryResult: 'delivered' });
    expect(report.sample).toMatchObject({ kind: 'headers', from: 'Example News <newsletter@example.com>', subject: 'December news', body: null, urls: [], attachmentNames: [] });
  });

  it('reads a feedback part sent base64, declared (Content-Transfer-Encoding) or not', async () => {
    const declared = await onlyFailure(failureFixture('arf-base64-feedback.eml'));
    expect(declared).toMatchObject({ userAgent: 'Base64Reporter/2', sourceIp: '192.0.2.44', reportedDomain: 'example.com', deliveryResult: 'spam', warnings: [] });
    const undeclared = await onlyFailure(failureFixture('arf-undeclared-base64.eml'));
    expect(undeclared).toMatchObject({ userAgent: 'Sloppy/0.1', sourceIp: '192.0.2.45', reportedDomain: 'example.org', authFailure: ['spf'], deliveryResult: 'other' });
    expect(undeclared.sample).toMatchObject({ kind: 'message', subject: 'Invoice', urls: ['https://example.org/invoices/6'] });
  });

  it('reads a plain-text report without an ARF part (Exim\'s): its fields and its copy of the header', async () => {
    const report = await onlyFailure(failureFixture('plain-text-exim.eml'));
    expect(report).toMatchObject({
      format: 'text',
      feedbackType: 'auth-failure',
      sourceIp: '203.0.113.9',
      reportedDomain: 'example.com',
      arrivalDate: new Date('2026-12-10T18:00:01Z'),
      authFailure: ['dmarc'],
      identityAlignment: ['dkim'],
      reporterDomain: 'exim.receiver.example',
      warnings: [],
    });
    expect(report.fields).toContainEqual({ name: 'DMARC Results', value: 'Reject' });
    expect(report.sample).toMatchObject({ kind: 'headers', from: 'IT Helpdesk <helpdesk@example.com>', subject: 'Your password expires today', messageId: '<pw-expiry-9@spoofer.example>' });
  });

  it('refuses a failure report that names no domain anywhere (INVALID_REPORT)', async () => {
    await expect(parseEveryReport(failureFixture('no-domain.eml'), { filename: 'no-domain.eml' })).rejects.toMatchObject({
      code: 'INVALID_REPORT',
      message: expect.stringContaining('names no domain'),
    });
  });

  it('reads what it can of an incomplete report, with warnings: the domain from the sample, no source, the arrival from the e-mail', async () => {
    const broken = arfReport()
      .toString('utf8')
      .replace(/Reported-Domain: .*\r\n/, '')
      .replace(/Source-IP: .*\r\n/, 'Source-IP: somewhere\r\n')
      .replace(/Arrival-Date: .*\r\n/, '')
      .replace(/Auth-Failure: .*\r\n/, '');
    const report = await onlyFailure(Buffer.from(broken));
    expect(report).toMatchObject({ reportedDomain: 'example.com', sourceIp: null, arrivalDate: new Date('2026-12-07T09:30:00Z'), authFailure: ['dmarc'] });
    expect(report.warnings).toEqual([
      'Reported-Domain is missing; the domain example.com is taken from the sample\'s From',
      'Source-IP "somewhere" is not an IP address; the report is stored without a source address',
      'Arrival-Date is missing; the report\'s own Date (2026-12-07T09:30:00.000Z) is used',
      'Auth-Failure is missing; read as "dmarc"',
    ]);
  });

  it('gives a report the same identity in another e-mail or with other line ends, and another report another', async () => {
    const one = await onlyFailure(arfReport({ envelopeId: 'first' }));
    const resent = await onlyFailure(arfReport({ envelopeId: 'second' }));
    const lf = await onlyFailure(Buffer.from(arfReport().toString('utf8').replaceAll('\r\n', '\n')));
    const other = await onlyFailure(arfReport({ subject: 'Another invoice' }));
    expect(resent.identity).toBe(one.identity);
    expect(lf.identity).toBe(one.identity);
    expect(other.identity).not.toBe(one.identity);
  });

  it('reads a failure report forwarded as an attachment', async () => {
    const forwarded = emailMessage([{ filename: 'report.eml', contentType: 'message/rfc822', data: arfReport(), encoding: 'base64' }]);
    expect(await onlyFailure(forwarded)).toMatchObject({ sourceIp: '203.0.113.77', reportedDomain: 'example.com' });
  });

  it('keeps memory bounded by the message: many header fields are capped with a warning, a sample nested too deep keeps its header', async () => {
    const manyFields = Array.from({ length: 2_000 }, (_, i) => `X-Filler-${i}: ${i}`).join('\r\n');
    const wide = arfReport().toString('utf8').replace('From: "Accounts"', `${manyFields}\r\nFrom: "Accounts"`);
    const report = await onlyFailure(Buffer.from(wide));
    expect(report.sample!.headers).toHaveLength(500);
    expect(report.warnings).toEqual(['the sample: 1506 fields past the first 500 were dropped']);

    const depth = 40;
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n`).join('');
    const close = Array.from({ length: depth }, (_, i) => `--n${depth - 1 - i}--\r\n`).join('');
    const deep = arfReport().toString('utf8').replace(/Content-Type: text\/plain\r\n\r\nPay at[^\r]*\r\n/, `${open}Content-Type: text/plain\r\n\r\nhi\r\n${close}`);
    const nested = await onlyFailure(Buffer.from(deep));
    expect(nested.sample).toMatchObject({ kind: 'headers', subject: null, body: null });
    expect(nested.sample!.headers.map((h) => h.name)).toContain('Subject');
    expect(nested.warnings.some((w) => w.includes('the sample cannot be read as a message'))).toBe(true);
  });

  it('leaves aggregate and TLS report e-mails alone', async () => {
    const notice = emailMessage([]);
    await expect(parseEveryReport(notice, { filename: 'notice.eml' })).rejects.toMatchObject({ code: 'EMPTY_REPORT' });
  });
});
