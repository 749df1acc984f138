import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withMessageId, reportEmail, startMailboxHarness, type MailboxHarness } from './mailbox-harness.js';
import { MailboxWatcher } from '../../src/mailbox/mailbox-watcher.js';
import { emailMessage } from '../fixtures/ingestion/fixtures.js';
import { silentLogger } from '../support/silent-logger.js';

const PROCESSED = 'DMARC-Processed';
const REFUSED = 'DMARC-Refused';

describe('IMAP ingestion against a real Dovecot', () => {
  let h: MailboxHarness;
  beforeAll(async () => {
    h = await startMailboxHarness();
  }, 60_000);
  afterAll(() => h?.close());
  beforeEach(() => h.reset());

  it('ingests appended messages and moves each to the processed folder after its report is committed', async () => {
    await h.append(reportEmail('imap-1'), reportEmail('imap-2'), reportEmail('imap-3'));

    const pass = await h.ingester().pollOnce();

    expect(pass).toMatchObject({ messages: 3, reportsStored: 3, duplicates: 0, refused: 0 });
    expect(await h.count(`SELECT count(*) FROM dmarc_reports WHERE report_id IN ('imap-1', 'imap-2', 'imap-3')`)).toBe(3);
    expect(await h.folder('INBOX')).toEqual([]);
    expect(await h.folder(PROCESSED)).toEqual(['<imap-1@reporter.example>', '<imap-2@reporter.example>', '<imap-3@reporter.example>']);
    // The received e-mail is kept for reparse, linked to its report.
    expect(await h.count(`SELECT count(*) FROM dmarc_report_raw_files`)).toBe(3);
    const status = await h.status.read(h.ingester().mailbox);
    expect(status).toMatchObject({ lastPassMessages: 3, lastPassReports: 3, lastPassRefused: 0, messagesSeen: 3, reportsStored: 3, lastError: null });
  });

  it('moves a poison message (unreadable, or too large to download) to the refused folder, keeps it in quarantine, and goes on', async () => {
    const malformed = withMessageId(
      emailMessage([{ filename: 'broken.xml', contentType: 'text/xml', data: Buffer.from('<feedback><report_metadata><org_name>x'), encoding: 'base64' }]),
      '<broken@reporter.example>',
    );
    const noReport = withMessageId(Buffer.from('From: someone@example.net\r\nSubject: hello\r\n\r\nJust a note, no report.\r\n'), '<note@example.net>');
    const huge = withMessageId(
      emailMessage([{ filename: 'huge.bin', contentType: 'application/octet-stream', data: Buffer.alloc(400 * 1024, 7), encoding: 'base64' }]),
      '<huge@reporter.example>',
    );
    await h.append(reportEmail('before-poison'), malformed, noReport, huge, reportEmail('after-poison'));

    const pass = await h.ingester().pollOnce();

    expect(pass).toMatchObject({ messages: 5, reportsStored: 2, refused: 3 });
    expect(await h.folder('INBOX')).toEqual([]);
    expect(await h.folder(PROCESSED)).toEqual(['<before-poison@reporter.example>', '<after-poison@reporter.example>']);
    expect(await h.folder(REFUSED)).toEqual(['<broken@reporter.example>', '<note@example.net>', '<huge@reporter.example>']);
    const refused = (await h.quarantine.list({ first: 10 })).edges.map((edge) => edge.node);
    expect(refused.map((r) => [r.sourceName, r.source, r.code])).toEqual([
      ['<huge@reporter.example>', 'imap', 'REPORT_TOO_LARGE'],
      ['<note@example.net>', 'imap', 'EMPTY_REPORT'],
      ['<broken@reporter.example>', 'imap', 'MALFORMED_XML'],
    ]);
    // The oversized message was streamed into the quarantine, not dropped.
    expect(refused[0]).toMatchObject({ contentKept: true });
    expect(refused[0]!.sizeBytes).toBeGreaterThan(400 * 1024);
  });

  it('finishes after the connection is cut mid-pass, without losing or duplicating a report', async () => {
    const ids = ['cut-1', 'cut-2', 'cut-3', 'cut-4', 'cut-5', 'cut-6'];
    await h.append(...ids.map((id) => reportEmail(id)));
    let bodyFetches = 0;
    // Cut while downloading the fourth message: three are committed, none moved yet.
    h.proxy.cutWhen = (chunk) => /UID FETCH \d+ \(BODY\.PEEK\[\]/i.test(chunk.toString()) && ++bodyFetches === 4;

    await expect(h.ingester().pollOnce()).rejects.toThrow();
    expect(await h.count(`SELECT count(*) FROM dmarc_reports`)).toBe(3);
    expect((await h.folder('INBOX')).length).toBe(6);
    expect((await h.status.read(h.ingester().mailbox))?.lastError).toBeTruthy();

    h.proxy.cutWhen = undefined;
    const second = await h.ingester().pollOnce();

    expect(second).toMatchObject({ messages: 6, reportsStored: 3, duplicates: 3, refused: 0 });
    expect(await h.count(`SELECT count(*) FROM dmarc_reports`)).toBe(6);
    expect(await h.count(`SELECT count(*) FROM dmarc_records`)).toBe(6);
    expect(await h.folder('INBOX')).toEqual([]);
    expect(await h.folder(PROCESSED)).toEqual(ids.map((id) => `<${id}@reporter.example>`));
  });

  it('re-reads a message whose move never happened (crash between commit and move) and finds its reports stored', async () => {
    await h.append(reportEmail('crash-1'), reportEmail('crash-2'));
    // The connection dies right when the client asks to move the committed messages.
    h.proxy.cutWhen = (chunk) => /UID MOVE/i.test(chunk.toString());

    await expect(h.ingester().pollOnce()).rejects.toThrow();
    expect(await h.count(`SELECT count(*) FROM dmarc_reports`)).toBe(2);
    expect((await h.folder('INBOX')).length).toBe(2);

    h.proxy.cutWhen = undefined;
    const second = await h.ingester().pollOnce();

    expect(second).toMatchObject({ messages: 2, reportsStored: 0, duplicates: 2 });
    expect(await h.count(`SELECT count(*) FROM dmarc_reports`)).toBe(2);
    expect(await h.count(`SELECT count(*) FROM dmarc_records`)).toBe(2);
    expect(await h.folder('INBOX')).toEqual([]);
    expect(await h.folder(PROCESSED)).toEqual(['<crash-1@reporter.example>', '<crash-2@reporter.example>']);
  });

  it('ingests 1,000 messages in one pass', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) => reportEmail(`bulk-${i}`, `198.51.100.${i % 250}`));
    // Delivered into the Maildir (APPENDing 1,000 one by one took longer than the pass itself); the pass reads them over IMAP.
    h.deliver(...messages);

    const pass = await h.ingester().pollOnce();

    expect(pass).toMatchObject({ messages: 1000, reportsStored: 1000, refused: 0 });
    expect(await h.count(`SELECT count(*) FROM dmarc_reports`)).toBe(1000);
    expect(await h.folder('INBOX')).toEqual([]);
    expect((await h.folder(PROCESSED)).length).toBe(1000);
  }, 300_000);
});

describe('watching the mailbox', () => {
  let h: MailboxHarness;
  beforeAll(async () => {
    h = await startMailboxHarness();
  }, 60_000);
  afterAll(() => h?.close());

  const until = async (check: () => Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stored = () => h.count('SELECT count(*) FROM dmarc_reports');

  it('hears of new mail through IDLE, and reconnects after the connection is lost', async () => {
    const ingester = h.ingester({ pollIntervalMs: 10 * 60_000 }); // only IDLE can wake it in time
    const watcher = new MailboxWatcher(ingester, h.status, silentLogger, { minBackoffMs: 200, maxBackoffMs: 1_000 });
    watcher.start();
    try {
      await h.append(reportEmail('watch-1'));
      await until(async () => (await stored()) === 1);

      // The server goes away (every connection cut, new ones refused), then comes back.
      const lastErrorAt = async () => (await h.status.read(ingester.mailbox))?.lastErrorAt?.getTime() ?? 0;
      const errorBefore = await lastErrorAt();
      await h.proxy.down();
      // The watcher has noticed: a failed reconnection is recorded.
      await until(async () => (await lastErrorAt()) > errorBefore);
      await h.append(reportEmail('watch-2'));
      await h.proxy.up();

      await until(async () => (await stored()) === 2);
      await until(async () => (await h.folder('INBOX')).length === 0);
      expect(await h.folder(PROCESSED)).toEqual(['<watch-1@reporter.example>', '<watch-2@reporter.example>']);
      expect((await h.status.read(ingester.mailbox))?.lastError).toMatch(/closed|connect|ECONNREFUSED/i);
    } finally {
      await watcher.stop();
    }
  }, 60_000);
});
