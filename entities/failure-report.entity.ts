import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Alert } from './alert.entity.js';
import { RawReportFile } from './raw-report-file.entity.js';

/** A header field of a failure report or of its sample, as stored (address local parts per FAILURE_LOCAL_PARTS). */
export interface StoredHeaderField {
  name: string;
  value: string;
}

/**
 * One DMARC failure report (RFC 6591 ARF / RFC 9991, or a plain-text report): the feedback fields
 * and what FAILURE_SAMPLE_CONTENT keeps of the failed message, its addresses' local parts redacted
 * or hashed per FAILURE_LOCAL_PARTS (RFC 6590). Identity is a hash of the report's fields and its
 * sample's content: the same report sent twice is one.
 */
@Entity({ tableName: 'failure_reports' })
@Unique({ name: 'failure_reports_identity_unique', properties: ['identitySha256'] })
@Index({ name: 'failure_reports_domain_arrival_idx', properties: ['reportedDomain', 'arrivalDate'] })
@Index({ name: 'failure_reports_arrival_idx', properties: ['arrivalDate', 'id'] })
@Index({ name: 'failure_reports_source_ip_idx', properties: ['sourceIp', 'arrivalDate'] })
export class FailureReport {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  /** SHA-256 (hex) of what makes the report this report (see the parser's FailureReport.identity). */
  @Property({ type: 'text' })
  identitySha256!: string;

  /** 'arf' or 'text'. */
  @Property({ type: 'text' })
  format!: string;

  @Property({ type: 'text' })
  feedbackType!: string;

  @Property({ type: 'text', nullable: true })
  userAgent?: string | null;

  /** When the receiver got the failed message (the report's own date, or when we received it, when it states none). */
  @Property({ type: 'datetime' })
  arrivalDate!: Date;

  @Property({ type: 'string', columnType: 'inet', nullable: true })
  sourceIp?: string | null;

  @Property({ type: 'text' })
  reportedDomain!: string;

  @Property({ type: 'text', nullable: true })
  authenticationResults?: string | null;

  @Property({ type: 'text', nullable: true })
  originalMailFrom?: string | null;

  @Property({ type: 'string[]', columnType: 'text[]' })
  originalRcptTo!: string[];

  @Property({ type: 'text', nullable: true })
  deliveryResult?: string | null;

  @Property({ type: 'string[]', columnType: 'text[]' })
  authFailure!: string[];

  @Property({ type: 'string[]', columnType: 'text[]' })
  identityAlignment!: string[];

  @Property({ type: 'text', nullable: true })
  dkimDomain?: string | null;

  @Property({ type: 'text', nullable: true })
  dkimSelector?: string | null;

  /** Domain of the report e-mail's sender. */
  @Property({ type: 'text', nullable: true })
  reporterDomain?: string | null;

  /** Every feedback field, as [{ name, value }]. */
  @Property({ type: 'json' })
  fields!: StoredHeaderField[];

  /** 'message', 'headers', or null when the report carried no sample. */
  @Property({ type: 'text', nullable: true })
  sampleKind?: string | null;

  @Property({ type: 'text', nullable: true })
  sampleFrom?: string | null;

  @Property({ type: 'string[]', columnType: 'text[]' })
  sampleTo!: string[];

  @Property({ type: 'text', nullable: true })
  sampleSubject?: string | null;

  @Property({ type: 'datetime', nullable: true })
  sampleDate?: Date | null;

  @Property({ type: 'text', nullable: true })
  sampleMessageId?: string | null;

  @Property({ type: 'json' })
  sampleHeaders!: StoredHeaderField[];

  /** Only with FAILURE_SAMPLE_CONTENT=headers-and-body. */
  @Property({ type: 'text', nullable: true })
  sampleBody?: string | null;

  @Property({ type: 'string[]', columnType: 'text[]' })
  urls!: string[];

  @Property({ type: 'string[]', columnType: 'text[]' })
  attachmentNames!: string[];

  @Property({ type: 'json', default: '[]' })
  warnings: string[] & Opt = [];

  /** SHA-256 (hex) of the report e-mail as received. */
  @Property({ type: 'text' })
  contentSha256!: string;

  /** The received e-mail, when RAW_REPORT_RETENTION kept it. */
  @ManyToOne({ entity: () => RawReportFile, nullable: true, deleteRule: 'set null' })
  rawFile?: RawReportFile | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt: Date & Opt = new Date();
}

/** A failure sample from an alert's source IP, kept as the alert's evidence ("here is what they sent"). */
@Entity({ tableName: 'alert_failure_reports' })
@Index({ name: 'alert_failure_reports_report_idx', properties: ['failureReport'] })
export class AlertFailureReport {
  @ManyToOne({ entity: () => Alert, primary: true, deleteRule: 'cascade' })
  alert!: Alert;

  @ManyToOne({ entity: () => FailureReport, primary: true, deleteRule: 'cascade' })
  failureReport!: FailureReport;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  attachedAt: Date & Opt = new Date();
}
