import { Migration } from '@mikro-orm/migrations';

/**
 * Bulk ingestion (issue #3), where PostgreSQL spent its time per stored record:
 * - a record's DKIM and SPF results move from the dmarc_auth_results table (two to three rows per
 *   record, each with a foreign key and an index entry) into a `json` column of the record;
 * - the date index becomes a BRIN index: reports are stored in about the order of their dates, so
 *   BRIN narrows a date range scan almost as well as a B-tree, at a fraction of the upkeep;
 * - the records' foreign key to their report is dropped: its check ran once per record (a third of
 *   the database's work). The one writer of records inserts them in the transaction that created
 *   their report row, with its id. (PostgreSQL 18 could keep the key as NOT ENFORCED, but that is
 *   documentation only and would make this migration fail on older servers.) A statement trigger
 *   does the key's ON DELETE CASCADE, once per DELETE rather than per row.
 */
export class Migration20261124120000_AuthResultsOnRecords extends Migration {

  override name = 'Migration20261124120000_AuthResultsOnRecords';

  override up(): void | Promise<void> {
    this.addSql(`alter table "dmarc_records" add column "auth_results" json not null default '[]';`);
    // Keys of unstated values are left out, as the ingester writes them; '' was "no domain".
    this.addSql(`update "dmarc_records" r set "auth_results" = a."results" from (
      select "record_id", json_agg(json_strip_nulls(json_build_object(
               'method', "method", 'domain', nullif("domain", ''), 'selector', "selector", 'scope', "scope",
               'result', "result", 'human_result', "human_result")) order by "method", "id") as "results"
      from "dmarc_auth_results" group by "record_id") a
      where a."record_id" = r."id";`);
    this.addSql(`drop table "dmarc_auth_results";`);

    this.addSql(`drop index "dmarc_records_date_idx";`);
    this.addSql(`create index "dmarc_records_date_brin" on "dmarc_records" using brin ("date_begin");`);

    this.addSql(`alter table "dmarc_records" drop constraint "dmarc_records_report_id_foreign";`);
    // As `deleteRecordsTrigger` of the DmarcReport entity (a migration keeps its own copy: it must not change later).
    this.addSql(`create function "dmarc_reports_delete_records_fn"() returns trigger language plpgsql as $$
      begin
        delete from "dmarc_records" r using "deleted_reports" d where r."report_id" = d."id";
        return null;
      end $$;`);
    this.addSql(`create trigger "delete_records" after delete on "dmarc_reports" referencing old table as "deleted_reports"
      for each statement execute function "dmarc_reports_delete_records_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger "delete_records" on "dmarc_reports";`);
    this.addSql(`drop function "dmarc_reports_delete_records_fn"();`);
    this.addSql(`alter table "dmarc_records" add constraint "dmarc_records_report_id_foreign" foreign key ("report_id") references "dmarc_reports" ("id") on delete cascade;`);

    this.addSql(`drop index "dmarc_records_date_brin";`);
    this.addSql(`create index "dmarc_records_date_idx" on "dmarc_records" ("date_begin");`);

    this.addSql(`create table "dmarc_auth_results" ("id" bigserial primary key, "record_id" bigint not null, "method" text not null, "domain" text not null, "selector" text null, "scope" text null, "result" text not null, "human_result" text null);`);
    this.addSql(`insert into "dmarc_auth_results" ("record_id", "method", "domain", "selector", "scope", "result", "human_result")
      select r."id", a."method", coalesce(a."domain", ''), a."selector", a."scope", a."result", a."human_result"
      from "dmarc_records" r cross join lateral json_to_recordset(r."auth_results") as a(
        "method" text, "domain" text, "selector" text, "scope" text, "result" text, "human_result" text)
      order by r."id";`);
    this.addSql(`create index "dmarc_auth_results_record_idx" on "dmarc_auth_results" ("record_id");`);
    this.addSql(`alter table "dmarc_auth_results" add constraint "dmarc_auth_results_record_id_foreign" foreign key ("record_id") references "dmarc_records" ("id") on delete cascade;`);
    this.addSql(`alter table "dmarc_records" drop column "auth_results";`);
  }

}
