import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, selectRows } from '../database/raw-sql.js';
import { forgetAttemptsSql, readStatusSql, recordErrorSql, recordFailedAttemptSql, recordPassSql } from './mailbox-status-sql.js';

/** One pass over the mailbox: what it saw and did. */
export interface MailboxPassResult {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** Messages read (each then moved, or left for the next pass when the pass failed). */
  readonly messages: number;
  /** Reports newly stored (duplicates of stored ones not counted). */
  readonly reportsStored: number;
  /** Reports found stored already: a message re-read after a crash between commit and move. */
  readonly duplicates: number;
  /** Messages moved to the refused folder (poisoned ones included). */
  readonly refused: number;
  /** Messages whose ingestion failed with an unexpected error; they stay for another attempt. */
  readonly failed: number;
  /** Messages moved to the refused folder because their ingestion failed IMAP_MAX_ATTEMPTS times. */
  readonly poisoned: number;
  /** Why the pass stopped early; undefined when it read every message. */
  readonly error?: string;
}

export interface MailboxStatusView {
  readonly mailbox: string;
  readonly lastPassStartedAt: Date | null;
  readonly lastPassFinishedAt: Date | null;
  readonly lastPassMessages: number;
  readonly lastPassReports: number;
  readonly lastPassRefused: number;
  readonly messagesSeen: number;
  readonly reportsStored: number;
  readonly messagesRefused: number;
  /** Messages set aside after IMAP_MAX_ATTEMPTS failed attempts, all passes. */
  readonly messagesPoisoned: number;
  /** Messages in the mailbox whose ingestion failed and that will be tried again. */
  readonly failingMessages: number;
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

interface StatusRow {
  mailbox: string;
  // The raw-SQL connection leaves timestamps as text.
  last_pass_started_at: Date | string | null;
  last_pass_finished_at: Date | string | null;
  last_pass_messages: number;
  last_pass_reports: number;
  last_pass_refused: number;
  messages_seen: string;
  reports_stored: string;
  messages_refused: string;
  messages_poisoned: string;
  failing_messages: number;
  last_error: string | null;
  last_error_at: Date | string | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/**
 * The mailbox_status table: kept in the database because the worker, `serve` and `ingest --imap`
 * may each read the mailbox while any instance answers mailboxStatus.
 */
export class MailboxStatusStore {
  constructor(private readonly em: EntityManager) {}

  async recordPass(mailbox: string, pass: MailboxPassResult): Promise<void> {
    await executeStatement(this.em.fork(), recordPassSql, [
      mailbox, pass.startedAt, pass.finishedAt, pass.messages, pass.reportsStored, pass.refused, pass.error ?? null, pass.poisoned,
    ]);
  }

  /**
   * One more failed attempt at ingesting a message; returns how many there were. Kept in
   * PostgreSQL, not as an IMAP keyword: it works with any IMAP server (some refuse custom
   * keywords), costs no write on a connection that may be what failed, and is not shown to
   * people reading the mailbox.
   */
  async recordFailedAttempt(mailbox: string, uidValidity: bigint, uid: number, messageId: string | null, error: string): Promise<number> {
    const [row] = await selectRows<{ attempts: number }>(this.em.fork(), recordFailedAttemptSql, [mailbox, uidValidity.toString(), uid, messageId, error]);
    return row!.attempts;
  }

  /** The messages left the mailbox (moved): their failed attempts are forgotten. */
  async forgetAttempts(mailbox: string, uidValidity: bigint, uids: readonly number[]): Promise<void> {
    if (uids.length === 0) return;
    await executeStatement(this.em.fork(), forgetAttemptsSql, [mailbox, uidValidity.toString(), uids]);
  }

  /** A failure outside a pass (cannot connect, log in, open the mailbox). */
  async recordError(mailbox: string, error: string): Promise<void> {
    await executeStatement(this.em.fork(), recordErrorSql, [mailbox, error]);
  }

  async read(mailbox: string): Promise<MailboxStatusView | null> {
    const [row] = await selectRows<StatusRow>(this.em.fork(), readStatusSql, [mailbox]);
    if (row === undefined) return null;
    return {
      mailbox: row.mailbox,
      lastPassStartedAt: date(row.last_pass_started_at),
      lastPassFinishedAt: date(row.last_pass_finished_at),
      lastPassMessages: row.last_pass_messages,
      lastPassReports: row.last_pass_reports,
      lastPassRefused: row.last_pass_refused,
      messagesSeen: Number(row.messages_seen),
      reportsStored: Number(row.reports_stored),
      messagesRefused: Number(row.messages_refused),
      messagesPoisoned: Number(row.messages_poisoned),
      failingMessages: row.failing_messages,
      lastError: row.last_error,
      lastErrorAt: date(row.last_error_at),
    };
  }
}
