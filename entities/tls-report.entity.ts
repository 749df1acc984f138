import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { RawReportFile } from './raw-report-file.entity.js';

/**
 * One SMTP TLS report (RFC 8460): who reported which period, with its session totals. Identity is
 * the reporter's organization and report id: the same report sent twice is one.
 */
@Entity({ tableName: 'tls_reports' })
@Unique({ name: 'tls_reports_identity_unique', properties: ['orgName', 'reportId'] })
@Index({ name: 'tls_reports_date_idx', properties: ['dateBegin', 'id'] })
export class TlsReport {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @Property({ type: 'text' })
  orgName!: string;

  @Property({ type: 'text' })
  reportId!: string;

  @Property({ type: 'text', nullable: true })
  contactInfo?: string | null;

  @Property({ type: 'datetime' })
  dateBegin!: Date;

  @Property({ type: 'datetime' })
  dateEnd!: Date;

  /** The policy domains it covers, lower-cased. */
  @Property({ type: 'string[]', columnType: 'text[]' })
  policyDomains!: string[];

  @Property({ type: new BigIntType('number') })
  successfulSessions!: number;

  @Property({ type: new BigIntType('number') })
  failedSessions!: number;

  @Property({ type: 'json', default: '[]' })
  warnings: string[] & Opt = [];

  /** SHA-256 (hex) of the report's JSON. */
  @Property({ type: 'text' })
  contentSha256!: string;

  /** The received file, when RAW_REPORT_RETENTION kept it. */
  @ManyToOne({ entity: () => RawReportFile, nullable: true, deleteRule: 'set null' })
  rawFile?: RawReportFile | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt: Date & Opt = new Date();
}

/** One policy of a TLS report: the policy as evaluated and its session counts. The report's dates are copied for queries by domain and date. */
@Entity({ tableName: 'tls_report_policies' })
@Index({ name: 'tls_report_policies_domain_date_idx', properties: ['policyDomain', 'dateBegin'] })
@Index({ name: 'tls_report_policies_report_idx', properties: ['report'] })
export class TlsReportPolicy {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @ManyToOne({ entity: () => TlsReport, deleteRule: 'cascade' })
  report!: TlsReport;

  /** sts, tlsa, no-policy-found, or the reporter's own word. */
  @Property({ type: 'text' })
  policyType!: string;

  @Property({ type: 'text' })
  policyDomain!: string;

  @Property({ type: 'string[]', columnType: 'text[]' })
  policyStrings!: string[];

  @Property({ type: 'string[]', columnType: 'text[]' })
  mxHosts!: string[];

  @Property({ type: new BigIntType('number') })
  successfulSessions!: number;

  @Property({ type: new BigIntType('number') })
  failedSessions!: number;

  @Property({ type: 'datetime' })
  dateBegin!: Date;

  @Property({ type: 'datetime' })
  dateEnd!: Date;
}

/** Why some sessions of a policy failed, as the reporter grouped them. */
@Entity({ tableName: 'tls_failure_details' })
@Index({ name: 'tls_failure_details_policy_idx', properties: ['policy'] })
export class TlsFailureDetail {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @ManyToOne({ entity: () => TlsReportPolicy, deleteRule: 'cascade' })
  policy!: TlsReportPolicy;

  @Property({ type: 'text' })
  resultType!: string;

  @Property({ type: 'string', columnType: 'inet', nullable: true })
  sendingMtaIp?: string | null;

  @Property({ type: 'string', columnType: 'inet', nullable: true })
  receivingIp?: string | null;

  @Property({ type: 'text', nullable: true })
  receivingMxHostname?: string | null;

  @Property({ type: 'text', nullable: true })
  receivingMxHelo?: string | null;

  @Property({ type: new BigIntType('number') })
  failedSessions!: number;

  @Property({ type: 'text', nullable: true })
  additionalInformation?: string | null;

  @Property({ type: 'text', nullable: true })
  failureReasonCode?: string | null;
}
