import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reingestRefused } from '../../src/quarantine/reingest-refused.js';
import { emailMessage } from '../fixtures/ingestion/fixtures.js';
import { reportEmail, startMailboxHarness, withMessageId, type MailboxHarness } from './mailbox-harness.js';

const PROCESSED = 'DMARC-Processed';
const REFUSED = 'DMARC-Refused';

/**
 * Issue 14 against a real Dovecot: a poison message (its ingestion throws an unexpected error, not
 * a refusal) and a message whose attachment holds several concatenated reports.
 */
describe('mailbox: a poison message, and concatenated reports', () => {
  let h: MailboxHarness;
  const sql = (text: string) => h.orm.em.fork().execute(text);
  beforeAll(async () => {
    h = await startMailboxHarness();
  }, 60_000);
  afterAll(() => h?.close());
  beforeEach(() => h.reset());

  it('leaves a message whose ingestion fails in the mailbox, goes on with the others, and sets it aside after IMAP_MAX_ATTEMPTS passes', async () => {
    // A real unexpected failure in the service graph: the database refuses this report's row (as a
    // bug producing a value the schema rejects would), which is no typed refusal of the file.
    await sql(`CREATE OR REPLACE FUNCTION poison_report() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated defect storing %', NEW.report_id; END $$`);
    await sql(`CREATE TRIGGER poison_report BEFORE INSERT ON dmarc_reports FOR EACH ROW WHEN (NEW.report_id LIKE 'poison%') EXECUTE FUNCTION poison_report()`);
    try {
      await h.append(reportEmail('good-1'), reportEmail('poison-1'), reportEmail('good-2'));
      const ingester = h.ingester({ maxAttempts: 3 });

      const first = await ingester.pollOnce();
      expect(first).toMatchObject({ messages: 3, reportsStored: 2, refused: 0, failed: 1, poisoned: 0 });
      expect(first.error).toBeUndefined();
      expect(await h.folder('INBOX')).toEqual(['<poison-1@reporter.example>']);
      expect(await h.folder(PROCESSED)).toEqual(['<good-1@reporter.example>', '<good-2@reporter.example>']);
      expect(await h.status.read(ingester.mailbox)).toMatchObject({
        failingMessages: 1,
        messagesPoisoned: 0,
        lastError: expect.stringMatching(/^message <poison-1@reporter\.example> \(uid \d+\): ingestion failed \(attempt 1 of 3\): .*simulated defect storing poison-1/),
      });

      expect(await ingester.pollOnce()).toMatchObject({ messages: 1, failed: 1, poisoned: 0 });
      expect(await h.folder('INBOX')).toEqual(['<poison-1@reporter.example>']);

      await h.append(reportEmail('good-3'));
      const third = await ingester.pollOnce();
      expect(third).toMatchObject({ messages: 2, reportsStored: 1, refused: 1, failed: 0, poisoned: 1 });
      expect(await h.folder('INBOX')).toEqual([]);
      expect(await h.folder(REFUSED)).toEqual(['<poison-1@reporter.example>']);
      expect(await h.folder(PROCESSED)).toEqual(['<good-1@reporter.example>', '<good-2@reporter.example>', '<good-3@reporter.example>']);

      const [kept] = (await h.quarantine.list({ first: 10 })).edges.map((edge) => edge.node);
      expect(kept).toMatchObject({ source: 'imap', sourceName: '<poison-1@reporter.example>', code: 'INGESTION_FAILED', contentKept: true });
      expect(kept!.reason).toMatch(/^ingestion failed 3 times \(IMAP_MAX_ATTEMPTS=3\) with an unexpected error; the message was set aside: .*simulated defect storing poison-1/);
      expect(await h.status.read(ingester.mailbox)).toMatchObject({ failingMessages: 0, messagesPoisoned: 1, messagesRefused: 1, messagesSeen: 6 });
      expect(await h.count('SELECT count(*) FROM mailbox_message_attempts')).toBe(0);
      expect(await h.count(`SELECT count(*) FROM dmarc_reports WHERE report_id LIKE 'good-%'`)).toBe(3);
    } finally {
      await sql('DROP TRIGGER IF EXISTS poison_report ON dmarc_reports');
    }

    // Once the defect is fixed, the set-aside message is re-ingested from the quarantine.
    const [kept] = (await h.quarantine.list({ first: 10 })).edges.map((edge) => edge.node);
    const again = await reingestRefused(h.quarantine, h.ingestion, kept!.id);
    expect(again.result.reports.map((r) => [r.status, r.reportId])).toEqual([['ingested', 'poison-1']]);
  });

  it('stores every report of an attachment holding concatenated <feedback> documents, then moves the message', async () => {
    const xml = readFileSync(new URL('../fixtures/ingestion/recoverable/concatenated-documents.xml', import.meta.url));
    const message = withMessageId(
      emailMessage([{ filename: 'joined.example!example.com!1711756800!1711843199.xml.gz', contentType: 'application/gzip', data: gzipSync(xml), encoding: 'base64' }]),
      '<joined@reporter.example>',
    );
    await h.append(message);

    const pass = await h.ingester().pollOnce();

    expect(pass).toMatchObject({ messages: 1, reportsStored: 2, refused: 0 });
    expect(await h.folder(PROCESSED)).toEqual(['<joined@reporter.example>']);
    const rows = await h.orm.em.fork().execute<{ report_id: string; record_count: number }[]>('SELECT report_id, record_count FROM dmarc_reports ORDER BY report_id');
    expect(rows).toEqual([{ report_id: 'joined-2024-03-30-a', record_count: 1 }, { report_id: 'joined-2024-03-30-b', record_count: 2 }]);
  });
});
