import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arfReport, failureFixture, tlsFixture, tlsReportEmail, tlsReportJson } from '../fixtures/report-kinds.js';
import { reportEmail, startMailboxHarness, withMessageId, type MailboxHarness } from './mailbox-harness.js';

/**
 * The mailbox a domain points rua=, ruf= and tlsrpt= at: aggregate, failure and SMTP TLS reports
 * side by side, read in one pass against a real Dovecot.
 */
describe('one mailbox, three kinds of report', () => {
  let h: MailboxHarness;
  beforeAll(async () => {
    h = await startMailboxHarness();
  }, 60_000);
  afterAll(() => h?.close());

  it('reads aggregate, failure (ARF, headers only, base64, plain text) and TLS (gzip and JSON attachments) reports in one pass, refusing only what is no report', async () => {
    await h.reset();
    const messages = [
      reportEmail('rua-1'),
      arfReport({ sourceIp: '203.0.113.5', envelopeId: 'ruf-arf' }),
      failureFixture('arf-headers-only.eml'),
      failureFixture('arf-base64-feedback.eml'),
      failureFixture('plain-text-exim.eml'),
      tlsFixture('tlsrpt-gzip-attachment.eml'),
      tlsFixture('tlsrpt-json-attachment.eml'),
      tlsReportEmail(tlsReportJson({ reportId: 'tls-3', domain: 'example.org' }), 'tls-3@reporter.example'),
      withMessageId(Buffer.from('From: someone@example.net\r\nSubject: hello\r\n\r\nJust a note.\r\n'), '<note@example.net>'),
      failureFixture('no-domain.eml'),
    ];
    await h.append(...messages);

    const pass = await h.ingester().pollOnce();

    expect(pass).toMatchObject({ messages: 10, reportsStored: 8, duplicates: 0, refused: 2, failed: 0 });
    expect(await h.folder('INBOX')).toEqual([]);
    expect(await h.folder('DMARC-Processed')).toEqual([
      '<rua-1@reporter.example>', '<ruf-arf@receiver.example>', '<ruf-0002@receiver.example>', '<ruf-0003@b64.example>', '<E1exim-0004@exim.receiver.example>',
      '<tls-1@provider.example>', '<tls-2@provider.example>', '<tls-3@reporter.example>',
    ]);
    expect(await h.folder('DMARC-Refused')).toEqual(['<note@example.net>', '<ruf-0005@broken.example>']);
    expect(await h.count('SELECT count(*) FROM dmarc_reports')).toBe(1);
    expect(await h.count('SELECT count(*) FROM failure_reports')).toBe(4);
    expect(await h.count(`SELECT count(*) FROM failure_reports WHERE format = 'text'`)).toBe(1);
    expect(await h.count('SELECT count(*) FROM tls_reports')).toBe(3);
    expect((await h.quarantine.list({ first: 10 })).edges.map(({ node: r }) => [r.sourceName, r.code])).toEqual([
      ['<ruf-0005@broken.example>', 'INVALID_REPORT'],
      ['<note@example.net>', 'EMPTY_REPORT'],
    ]);
    // Kept for reparse like an aggregate's e-mail (RAW_REPORT_RETENTION).
    expect(await h.count('SELECT count(*) FROM failure_reports WHERE raw_file_id IS NOT NULL')).toBe(4);
    expect(await h.status.read(h.ingester().mailbox)).toMatchObject({ lastPassMessages: 10, lastPassReports: 8, lastPassRefused: 2 });
  });

  it('stores each report once when its message is read again (moved back, or sent twice)', async () => {
    await h.reset();
    await h.append(arfReport({ envelopeId: 'first' }), tlsReportEmail(tlsReportJson({ reportId: 'again' }), 'again-1@reporter.example'));
    expect(await h.ingester().pollOnce()).toMatchObject({ reportsStored: 2, duplicates: 0 });
    await h.append(arfReport({ envelopeId: 'second' }), tlsReportEmail(tlsReportJson({ reportId: 'again' }), 'again-2@reporter.example'));
    expect(await h.ingester().pollOnce()).toMatchObject({ messages: 2, reportsStored: 0, duplicates: 2, refused: 0 });
    expect(await h.folder('DMARC-Processed')).toHaveLength(4);
    expect(await h.count('SELECT count(*) FROM failure_reports')).toBe(1);
    expect(await h.count('SELECT count(*) FROM tls_reports')).toBe(1);
  });
});
