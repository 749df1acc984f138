import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * What mailbox ingestion did, per mailbox: the last pass and the totals. In the database rather
 * than in memory: the worker, `serve` and `ingest --imap` all read the mailbox, and any instance
 * answers the mailboxStatus query.
 */
@Entity({ tableName: 'mailbox_status' })
export class MailboxStatus {
  /** user@host:port/mailbox (never the password). */
  @PrimaryKey({ type: 'text' })
  mailbox!: string;

  @Property({ type: 'datetime', nullable: true })
  lastPassStartedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lastPassFinishedAt?: Date | null;

  @Property({ type: 'integer', default: 0 })
  lastPassMessages: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  lastPassReports: number & Opt = 0;

  @Property({ type: 'integer', default: 0 })
  lastPassRefused: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  messagesSeen: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  reportsStored: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  messagesRefused: number & Opt = 0;

  /** Messages moved to the refused folder because their ingestion failed IMAP_MAX_ATTEMPTS times (counted in messagesRefused too). */
  @Property({ type: new BigIntType('number'), default: 0 })
  messagesPoisoned: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime', nullable: true })
  lastErrorAt?: Date | null;
}

/**
 * A mailbox message whose ingestion failed with an unexpected error (a bug or an outage, not a
 * refusal, which moves it at once): counted per message so that after IMAP_MAX_ATTEMPTS failures it
 * is moved to the refused folder and quarantined instead of failing every pass forever. Keyed by the
 * mailbox's UIDVALIDITY and the message's UID, which IMAP guarantees stable together; the row is
 * deleted once the message leaves the mailbox.
 */
@Entity({ tableName: 'mailbox_message_attempts' })
export class MailboxMessageAttempt {
  @PrimaryKey({ type: 'text' })
  mailbox!: string;

  @PrimaryKey({ type: new BigIntType('string') })
  uidValidity!: string;

  @PrimaryKey({ type: new BigIntType('number') })
  uid!: number;

  /** The Message-ID, for the operator (not part of the key: it may be missing or repeated). */
  @Property({ type: 'text', nullable: true })
  messageId?: string | null;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'text' })
  lastError!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  firstFailedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastFailedAt: Date & Opt = new Date();
}
