import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMbox } from '../../src/cli/ingest/mbox-reader.js';
import { emailMessage } from '../fixtures/ingestion/fixtures.js';
import { reportEmail, withMessageId } from '../mailbox/mailbox-harness.js';
import { runCli } from '../support/cli.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';
import { createImapClient } from '../../src/mailbox/imap-connection.js';
import { loadConfig } from '../../src/config/config.js';

const fixtures = new URL('../fixtures/mailbox/', import.meta.url).pathname;

describe('mbox reader', () => {
  it('splits messages at From_ lines, unquotes >From, and never keeps a message over the cap', async () => {
    const messages = [];
    for await (const m of readMbox(join(fixtures, 'reports.mbox'), 4096)) messages.push(m);
    expect(messages.map((m) => m.index)).toEqual([1, 2, 3]);
    const first = messages[0]!.bytes!.toString();
    expect(first.startsWith('Message-ID: <mbox-1@tester.example>')).toBe(true);
    expect(first).toContain('\nFrom the reporter: this line was quoted');
    expect(messages[1]!.bytes!.toString()).toContain('Just a note.');

    const capped = [];
    for await (const m of readMbox(join(fixtures, 'reports.mbox'), 300)) capped.push(m);
    expect(capped.map((m) => [m.index, m.bytes === null])).toEqual([[1, true], [2, false], [3, true]]);
    expect(capped[0]!.size).toBe(messages[0]!.size);
  });
});

describe('dmarc-analytics ingest: mbox, Maildir, --imap; reingest; reparse', () => {
  let database: TestDatabase;
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: database.url, NODE_ENV: 'test', ...extra });
  const query = async <T = Record<string, unknown>>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'dmarc-mailbox-cli-'));
    cpSync(fixtures, dir, { recursive: true });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads each message of an mbox and of a Maildir (cur/ and new/, not tmp/ nor the index files), keeping the refused one', async () => {
    const mbox = join(dir, 'reports.mbox');
    const result = await runCli(['ingest', '--json', mbox, join(dir, 'maildir')], env());
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { ingested: number; rejected: { file: string; code: string }[] };
    expect(summary.ingested).toBe(4);
    expect(summary.rejected).toEqual([{ file: `${mbox}#2`, code: 'EMPTY_REPORT', reason: expect.any(String) }]);
    const ids = (await query<{ report_id: string }>('SELECT report_id FROM dmarc_reports ORDER BY report_id')).map((r) => r.report_id);
    expect(ids).toEqual(['maildir-cur', 'maildir-new', 'mbox-1', 'mbox-2']);
    expect(await query('SELECT source, source_name, code FROM refused_reports')).toEqual([{ source: 'cli', source_name: `${mbox}#2`, code: 'EMPTY_REPORT' }]);
    // Each stored report keeps its message for reparse.
    expect(Number((await query<{ n: string }>('SELECT count(*) AS n FROM dmarc_report_raw_files'))[0]!.n)).toBe(4);
  });

  it('reparse rebuilds the records of stored reports from their kept files', async () => {
    await query(`UPDATE dmarc_records SET count = 999, disposition = 'reject'`);
    const result = await runCli(['reparse', '--json'], env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 4, totalFiles: 4, reports: 4, records: 4, failedFiles: 0 });
    expect(await query('SELECT DISTINCT count::int AS count, disposition FROM dmarc_records')).toEqual([{ count: 3, disposition: 'none' }]);
  });

  it('reingest --refused tries every quarantined file again and marks those it stores', async () => {
    // A report an older version refused (kept in the quarantine as it was received, uncompressed gzip).
    await query(`INSERT INTO refused_reports (sha256, source, source_name, code, reason, size_bytes, compression, content)
      VALUES ('feedface', 'imap', '<older@reporter.example>', 'MALFORMED_XML', 'refused by an older parser', 10, 'none',
      decode('${Buffer.from(reportEmail('older-parser')).toString('hex')}', 'hex'))`);

    const result = await runCli(['reingest', '--refused', '--json'], env());
    expect(result.code).toBe(1); // the note in the mbox is still no report
    const summary = JSON.parse(result.stdout) as { reingested: { id: number; reports: number[] }[]; stillRefused: { code: string }[] };
    expect(summary.reingested).toHaveLength(1);
    expect(summary.stillRefused).toEqual([expect.objectContaining({ code: 'EMPTY_REPORT' })]);
    const [row] = await query<{ reingested_at: Date | null; reingested_report_ids: number[] }>(`SELECT reingested_at, reingested_report_ids FROM refused_reports WHERE sha256 = 'feedface'`);
    expect(row!.reingested_at).not.toBeNull();
    expect(row!.reingested_report_ids).toEqual(summary.reingested[0]!.reports);
    expect(await query(`SELECT report_id FROM dmarc_reports WHERE report_id = 'older-parser'`)).toHaveLength(1);

    // An id that names no refused file: NOT_FOUND, exit 66 as the README's exit codes say.
    const missing = await runCli(['reingest', '--refused', '--id', '999999'], env());
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('dmarc-analytics: refused report 999999 does not exist');
  });

  describe('--imap', () => {
    let dovecot: DovecotServer;
    beforeAll(async () => {
      dovecot = await startDovecot();
    }, 30_000);
    afterAll(() => dovecot?.stop());

    it('runs one pass over the mailbox and records it for mailboxStatus', async () => {
      const client = createImapClient(loadConfig({ IMAP_URL: dovecot.url }).imap!);
      await client.connect();
      await client.append('INBOX', reportEmail('imap-cli-1'));
      await client.append('INBOX', reportEmail('imap-cli-2'));
      await client.logout();

      const result = await runCli(['ingest', '--imap', '--json'], env({ IMAP_URL: dovecot.url }));
      expect(result.stderr).not.toMatch(/unexpected error/);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ingested: 2, mailbox: { messages: 2, reportsStored: 2, refused: 0 } });
      const [status] = await query<{ messages_seen: string; reports_stored: string }>('SELECT messages_seen, reports_stored FROM mailbox_status');
      expect(status).toEqual({ messages_seen: '2', reports_stored: '2' });
    });

    it('counts in its summary every message the exit code is about: the refused one listed, the duplicate counted', async () => {
      const client = createImapClient(loadConfig({ IMAP_URL: dovecot.url }).imap!);
      await client.connect();
      await client.append('INBOX', reportEmail('imap-cli-3'));
      await client.append('INBOX', reportEmail('imap-cli-1')); // stored by the previous test: a duplicate
      const broken = Buffer.from('<?xml version="1.0"?><feedback><report_metadata><org_name>x</org_name>');
      await client.append('INBOX', withMessageId(emailMessage([{ filename: 'broken.xml', contentType: 'application/xml', data: broken, encoding: 'base64' }]), '<broken@reporter.example>'));
      await client.logout();

      const result = await runCli(['ingest', '--imap'], env({ IMAP_URL: dovecot.url }));
      expect(result.stderr).not.toMatch(/unexpected error/);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^reports ingested: 1$/m);
      expect(result.stdout).toMatch(/^duplicates: +1$/m);
      expect(result.stdout).toMatch(/^rejected: +1\n {2}<broken@reporter\.example>: .+ \(INVALID_REPORT\)$/m);
      expect(result.stdout).toMatch(/^failed messages: +0$/m);
      expect(result.stdout).toMatch(/^mailbox: +3 messages read: 2 moved to DMARC-Processed, 1 to DMARC-Refused, 0 left for another attempt$/m);
      // Logs on stderr only: stdout is the summary.
      expect(result.stdout).not.toMatch(/"level"|INFO|WARN/);
    });

    it('says what is missing when IMAP_URL is not set', async () => {
      const result = await runCli(['ingest', '--imap'], env());
      expect(result.code).toBe(64);
      expect(result.stderr).toMatch(/--imap needs IMAP_URL/);
    });
  });
});
