import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #24: failure reports (RFC 6591/9991) and SMTP TLS reports (RFC 8460) are stored next to
 * aggregates; a failure sample is linked to the open alert of its source IP as evidence; an alert
 * may be about a domain rather than a sender (TLS_FAILURES: no source IP), still one active per key.
 */
export class Migration20261207193147_FailureAndTlsReports extends Migration {

  override name = 'Migration20261207193147_FailureAndTlsReports';

  override up(): void | Promise<void> {
    this.addSql(`create table "failure_reports" ("id" bigserial primary key, "identity_sha256" text not null, "format" text not null, "feedback_type" text not null, "user_agent" text null, "arrival_date" timestamptz not null, "source_ip" inet null, "reported_domain" text not null, "authentication_results" text null, "original_mail_from" text null, "original_rcpt_to" text[] not null, "delivery_result" text null, "auth_failure" text[] not null, "identity_alignment" text[] not null, "dkim_domain" text null, "dkim_selector" text null, "reporter_domain" text null, "fields" jsonb not null, "sample_kind" text null, "sample_from" text null, "sample_to" text[] not null, "sample_subject" text null, "sample_date" timestamptz null, "sample_message_id" text null, "sample_headers" jsonb not null, "sample_body" text null, "urls" text[] not null, "attachment_names" text[] not null, "warnings" jsonb not null default '[]', "content_sha256" text not null, "raw_file_id" bigint null, "received_at" timestamptz not null default now());`);
    this.addSql(`create index "failure_reports_source_ip_idx" on "failure_reports" ("source_ip", "arrival_date");`);
    this.addSql(`create index "failure_reports_arrival_idx" on "failure_reports" ("arrival_date", "id");`);
    this.addSql(`create index "failure_reports_domain_arrival_idx" on "failure_reports" ("reported_domain", "arrival_date");`);
    this.addSql(`alter table "failure_reports" add constraint "failure_reports_identity_unique" unique ("identity_sha256");`);

    this.addSql(`create table "alert_failure_reports" ("alert_id" uuid not null, "failure_report_id" bigint not null, "attached_at" timestamptz not null default now(), primary key ("alert_id", "failure_report_id"));`);
    this.addSql(`create index "alert_failure_reports_report_idx" on "alert_failure_reports" ("failure_report_id");`);

    this.addSql(`create table "tls_reports" ("id" bigserial primary key, "org_name" text not null, "report_id" text not null, "contact_info" text null, "date_begin" timestamptz not null, "date_end" timestamptz not null, "policy_domains" text[] not null, "successful_sessions" bigint not null, "failed_sessions" bigint not null, "warnings" jsonb not null default '[]', "content_sha256" text not null, "raw_file_id" bigint null, "received_at" timestamptz not null default now());`);
    this.addSql(`create index "tls_reports_date_idx" on "tls_reports" ("date_begin", "id");`);
    this.addSql(`alter table "tls_reports" add constraint "tls_reports_identity_unique" unique ("org_name", "report_id");`);

    this.addSql(`create table "tls_report_policies" ("id" bigserial primary key, "report_id" bigint not null, "policy_type" text not null, "policy_domain" text not null, "policy_strings" text[] not null, "mx_hosts" text[] not null, "successful_sessions" bigint not null, "failed_sessions" bigint not null, "date_begin" timestamptz not null, "date_end" timestamptz not null);`);
    this.addSql(`create index "tls_report_policies_report_idx" on "tls_report_policies" ("report_id");`);
    this.addSql(`create index "tls_report_policies_domain_date_idx" on "tls_report_policies" ("policy_domain", "date_begin");`);

    this.addSql(`create table "tls_failure_details" ("id" bigserial primary key, "policy_id" bigint not null, "result_type" text not null, "sending_mta_ip" inet null, "receiving_ip" inet null, "receiving_mx_hostname" text null, "receiving_mx_helo" text null, "failed_sessions" bigint not null, "additional_information" text null, "failure_reason_code" text null);`);
    this.addSql(`create index "tls_failure_details_policy_idx" on "tls_failure_details" ("policy_id");`);

    this.addSql(`alter table "alerts" alter column "source_ip" drop not null;`);
    this.addSql(`drop index "alerts_one_active_per_key";`);
    this.addSql(`create unique index "alerts_one_active_per_key" on "alerts" ("source_ip", "kind", "dedup_domain") nulls not distinct where "state" in ('OPEN', 'ACKNOWLEDGED');`);

    this.addSql(`alter table "failure_reports" add constraint "failure_reports_raw_file_id_foreign" foreign key ("raw_file_id") references "raw_report_files" ("id") on delete set null;`);

    this.addSql(`alter table "alert_failure_reports" add constraint "alert_failure_reports_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert_failure_reports" add constraint "alert_failure_reports_failure_report_id_foreign" foreign key ("failure_report_id") references "failure_reports" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "tls_reports" add constraint "tls_reports_raw_file_id_foreign" foreign key ("raw_file_id") references "raw_report_files" ("id") on delete set null;`);

    this.addSql(`alter table "tls_report_policies" add constraint "tls_report_policies_report_id_foreign" foreign key ("report_id") references "tls_reports" ("id") on delete cascade;`);

    this.addSql(`alter table "tls_failure_details" add constraint "tls_failure_details_policy_id_foreign" foreign key ("policy_id") references "tls_report_policies" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "alert_failure_reports" drop constraint "alert_failure_reports_failure_report_id_foreign";`);
    this.addSql(`alter table "tls_report_policies" drop constraint "tls_report_policies_report_id_foreign";`);
    this.addSql(`alter table "tls_failure_details" drop constraint "tls_failure_details_policy_id_foreign";`);

    this.addSql(`drop table if exists "failure_reports" cascade;`);
    this.addSql(`drop table if exists "alert_failure_reports" cascade;`);
    this.addSql(`drop table if exists "tls_reports" cascade;`);
    this.addSql(`drop table if exists "tls_report_policies" cascade;`);
    this.addSql(`drop table if exists "tls_failure_details" cascade;`);

    this.addSql(`delete from "alerts" where "source_ip" is null;`);
    this.addSql(`drop index "alerts_one_active_per_key";`);
    this.addSql(`create unique index "alerts_one_active_per_key" on "alerts" ("source_ip", "kind", "dedup_domain") where "state" in ('OPEN', 'ACKNOWLEDGED');`);
    this.addSql(`alter table "alerts" alter column "source_ip" set not null;`);
  }

}
