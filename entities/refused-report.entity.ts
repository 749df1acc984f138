import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * A received file that was refused (quarantine): kept so nothing a receiver sent is lost, to be
 * downloaded and re-ingested after an upgrade that learned to read it. One row per distinct file
 * (SHA-256 of its bytes); receiving it again updates the reason and counts the receipt.
 */
@Entity({ tableName: 'refused_reports' })
@Unique({ name: 'refused_reports_sha256_unique', properties: ['sha256'] })
export class RefusedReport {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  /** SHA-256 (hex) of the file as received. */
  @Property({ type: 'text' })
  sha256!: string;

  /** Entry point: http, graphql, cli or imap. */
  @Property({ type: 'text' })
  source!: string;

  /** File name, upload name or the e-mail's Message-ID. */
  @Property({ type: 'text' })
  sourceName!: string;

  /** The ingestion error code (MALFORMED_XML, REPORT_TOO_LARGE, ...) of the latest attempt. */
  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  reason!: string;

  /** Bytes as received. */
  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  /** 'br' (brotli), 'none' (kept as received: already gzip or zip); null when the bytes were not kept. */
  @Property({ type: 'text', nullable: true })
  compression?: string | null;

  /** The compressed file; null when it exceeded QUARANTINE_MAX_BYTES compressed. */
  @Property({ type: 'blob', nullable: true, lazy: true })
  content?: Buffer | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lastReceivedAt: Date & Opt = new Date();

  @Property({ type: 'integer', default: 1 })
  timesReceived: number & Opt = 1;

  /** When the file was ingested after all (reingestRefused, `reingest --refused`, or sent again). */
  @Property({ type: 'datetime', nullable: true })
  reingestedAt?: Date | null;

  /** The dmarc_reports ids it produced then. */
  @Property({ type: 'json', nullable: true })
  reingestedReportIds?: number[] | null;
}
