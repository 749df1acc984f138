import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #14: refused files kept (refused_reports), the received file of stored reports kept for
 * `reparse` (raw_report_files, dmarc_report_raw_files), and mailbox ingestion's counters.
 */
export class Migration20261201151500_QuarantineRawMailbox extends Migration {

  override name = 'Migration20261201151500_QuarantineRawMailbox';

  override up(): void | Promise<void> {
    this.addSql(`create table "mailbox_status" ("mailbox" text not null, "last_pass_started_at" timestamptz null, "last_pass_finished_at" timestamptz null, "last_pass_messages" int not null default 0, "last_pass_reports" int not null default 0, "last_pass_refused" int not null default 0, "messages_seen" bigint not null default '0', "reports_stored" bigint not null default '0', "messages_refused" bigint not null default '0', "last_error" text null, "last_error_at" timestamptz null, primary key ("mailbox"));`);

    this.addSql(`create table "raw_report_files" ("id" bigserial primary key, "sha256" text not null, "filename" text not null, "size_bytes" bigint not null, "compression" text not null, "content" bytea not null, "received_at" timestamptz not null default now());`);
    this.addSql(`alter table "raw_report_files" add constraint "raw_report_files_sha256_unique" unique ("sha256");`);

    this.addSql(`create table "dmarc_report_raw_files" ("report_id" bigint not null, "raw_file_id" bigint not null, primary key ("report_id"));`);
    this.addSql(`create index "dmarc_report_raw_files_file_idx" on "dmarc_report_raw_files" ("raw_file_id");`);

    this.addSql(`create table "refused_reports" ("id" bigserial primary key, "sha256" text not null, "source" text not null, "source_name" text not null, "code" text not null, "reason" text not null, "size_bytes" bigint not null, "compression" text null, "content" bytea null, "received_at" timestamptz not null default now(), "last_received_at" timestamptz not null default now(), "times_received" int not null default 1, "reingested_at" timestamptz null, "reingested_report_ids" jsonb null);`);
    this.addSql(`alter table "refused_reports" add constraint "refused_reports_sha256_unique" unique ("sha256");`);

    this.addSql(`alter table "dmarc_report_raw_files" add constraint "dmarc_report_raw_files_raw_file_id_foreign" foreign key ("raw_file_id") references "raw_report_files" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dmarc_report_raw_files" drop constraint "dmarc_report_raw_files_raw_file_id_foreign";`);

    this.addSql(`drop table if exists "mailbox_status" cascade;`);
    this.addSql(`drop table if exists "raw_report_files" cascade;`);
    this.addSql(`drop table if exists "dmarc_report_raw_files" cascade;`);
    this.addSql(`drop table if exists "refused_reports" cascade;`);
  }

}
