import { BigIntType, Collection, type Opt } from '@mikro-orm/core';
import { Entity, Index, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DmarcRecord } from './dmarc-record.entity.js';

/**
 * What an ON DELETE CASCADE foreign key would do for the records, which have none (its per-row
 * check was a third of bulk ingestion's database work; see the migration AuthResultsOnRecords):
 * one set-based DELETE per statement deleting reports.
 */
export const deleteRecordsTrigger = `
create function "dmarc_reports_delete_records_fn"() returns trigger language plpgsql as $$
begin
  delete from "dmarc_records" r using "deleted_reports" d where r."report_id" = d."id";
  return null;
end $$;
create trigger "delete_records" after delete on "dmarc_reports" referencing old table as "deleted_reports"
for each statement execute function "dmarc_reports_delete_records_fn"();`;

/**
 * One aggregate report (RFC 7489 appendix C, RFC 9990, or the pre-RFC draft) with its published
 * policy. Identity is reporter org + report id + policy domain: the same report sent twice is one.
 */
@Entity({
  tableName: 'dmarc_reports',
  triggers: [{ name: 'delete_records', timing: 'after', events: ['delete'], forEach: 'statement', expression: deleteRecordsTrigger }],
})
@Unique({ name: 'dmarc_reports_identity_unique', properties: ['orgName', 'reportId', 'policyDomain'] })
@Index({ name: 'dmarc_reports_domain_date_idx', properties: ['policyDomain', 'dateBegin'] })
@Index({ name: 'dmarc_reports_date_idx', properties: ['dateBegin'] })
@Index({ name: 'dmarc_reports_org_idx', properties: ['orgName'] })
export class DmarcReport {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  /** 'draft', 'rfc7489' or 'rfc9990'. */
  @Property({ type: 'text' })
  schemaVersion!: string;

  @Property({ type: 'text' })
  orgName!: string;

  @Property({ type: 'text', nullable: true })
  orgEmail?: string | null;

  @Property({ type: 'text', nullable: true })
  extraContactInfo?: string | null;

  @Property({ type: 'text' })
  reportId!: string;

  @Property({ type: 'datetime' })
  dateBegin!: Date;

  @Property({ type: 'datetime' })
  dateEnd!: Date;

  /** Reporter-declared processing errors. */
  @Property({ type: 'json', default: '[]' })
  errors: string[] & Opt = [];

  @Property({ type: 'text', nullable: true })
  generator?: string | null;

  // Published policy, lower-cased domain.
  @Property({ type: 'text' })
  policyDomain!: string;

  @Property({ type: 'text', nullable: true })
  policyAdkim?: string | null;

  @Property({ type: 'text', nullable: true })
  policyAspf?: string | null;

  /** Null when the reporter left `<p>` empty. */
  @Property({ type: 'text', nullable: true })
  policyP?: string | null;

  @Property({ type: 'text', nullable: true })
  policySp?: string | null;

  /** RFC 9990 non-existent subdomain policy. */
  @Property({ type: 'text', nullable: true })
  policyNp?: string | null;

  /** Absent in RFC 9990. */
  @Property({ type: 'smallint', nullable: true })
  policyPct?: number | null;

  @Property({ type: 'text', nullable: true })
  policyFo?: string | null;

  /** RFC 9990 `t` tag: 'y' or 'n'. */
  @Property({ type: 'text', nullable: true })
  policyTesting?: string | null;

  /** RFC 9990 `discovery_method`: 'psl' or 'treewalk'. */
  @Property({ type: 'text', nullable: true })
  policyDiscoveryMethod?: string | null;

  @Property({ type: 'integer', default: 0 })
  recordCount: number & Opt = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  messageCount: number & Opt = 0;

  /** What the parser repaired to read the report (malformed input it recovered from); empty when nothing. */
  @Property({ type: 'json', default: '[]' })
  warnings: string[] & Opt = [];

  /** SHA-256 of the XML, for tracing a stored report back to its file. */
  @Property({ type: 'text', nullable: true })
  contentSha256?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  ingestedAt: Date & Opt = new Date();

  @OneToMany({ entity: () => DmarcRecord, mappedBy: 'report' })
  records = new Collection<DmarcRecord>(this);
}
