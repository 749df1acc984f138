import { BigIntType, type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DmarcReport } from './dmarc-report.entity.js';

export interface PolicyOverrideReason {
  type: string;
  comment?: string | null;
}

/**
 * One <auth_results> entry: a raw (unaligned) DKIM signature or SPF check. Keys the reporter did
 * not state are left out (a DKIM result has no scope, an SPF result no selector nor human result).
 */
export interface StoredAuthResult {
  method: 'dkim' | 'spf';
  domain?: string;
  selector?: string;
  scope?: string;
  result: string;
  human_result?: string;
}

/**
 * One <record>: a source IP and what happened to its messages. The report's policy domain and
 * start date are copied here so analytics by IP, domain and date range need no join.
 */
@Entity({ tableName: 'dmarc_records' })
@Index({ name: 'dmarc_records_source_ip_date_idx', properties: ['sourceIp', 'dateBegin'] })
@Index({ name: 'dmarc_records_domain_date_idx', properties: ['policyDomain', 'dateBegin'] })
@Index({ name: 'dmarc_records_date_brin', properties: ['dateBegin'], type: 'brin' })
@Index({ name: 'dmarc_records_report_idx', properties: ['report'] })
export class DmarcRecord {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  // No foreign key constraint (bulk ingestion); the report's delete trigger removes its records.
  @ManyToOne({ entity: () => DmarcReport, createForeignKeyConstraint: false })
  report!: Rel<DmarcReport>;

  /** Canonical IPv4/IPv6 text, stored as inet for range queries. */
  @Property({ type: 'string', columnType: 'inet' })
  sourceIp!: string;

  @Property({ type: new BigIntType('number') })
  count!: number;

  /** none | quarantine | reject | pass; null when the reporter did not state it. */
  @Property({ type: 'text', nullable: true })
  disposition?: string | null;

  /** Policy-evaluated (aligned) DKIM result: pass | fail; null when not stated. */
  @Property({ type: 'text', nullable: true })
  dkimAligned?: string | null;

  /** Policy-evaluated (aligned) SPF result: pass | fail; null when not stated. */
  @Property({ type: 'text', nullable: true })
  spfAligned?: string | null;

  @Property({ type: 'json', default: '[]' })
  reasons: PolicyOverrideReason[] & Opt = [];

  /** Null when the reporter left it empty or out. */
  @Property({ type: 'text', nullable: true })
  headerFrom?: string | null;

  @Property({ type: 'text', nullable: true })
  envelopeFrom?: string | null;

  @Property({ type: 'text', nullable: true })
  envelopeTo?: string | null;

  @Property({ type: 'text' })
  policyDomain!: string;

  @Property({ type: 'datetime' })
  dateBegin!: Date;

  /**
   * The record's <auth_results>, DKIM first, in report order. `json` rather than `jsonb`: the
   * list is only ever read whole, and `json` stores the text as sent, where `jsonb` would take it
   * apart on every insert.
   */
  @Property({ type: 'json', columnType: 'json', default: '[]' })
  authResults: StoredAuthResult[] & Opt = [];
}
