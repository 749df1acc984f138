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

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'datetime', nullable: true })
  lastErrorAt?: Date | null;
}
