import { Migration } from '@mikro-orm/migrations';

export class Migration20261123195859_Initial extends Migration {

  override name = 'Migration20261123195859_Initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "analytics_cache" ("key" text not null, "kind" text not null, "domain" text null, "payload" jsonb not null, "computed_at" timestamptz not null default now(), "expires_at" timestamptz not null, primary key ("key"));`);
    this.addSql(`create index "analytics_cache_expires_idx" on "analytics_cache" ("expires_at");`);
    this.addSql(`create index "analytics_cache_kind_domain_idx" on "analytics_cache" ("kind", "domain");`);

    this.addSql(`create table "dmarc_reports" ("id" bigserial primary key, "schema_version" text not null, "org_name" text not null, "org_email" text null, "extra_contact_info" text null, "report_id" text not null, "date_begin" timestamptz not null, "date_end" timestamptz not null, "errors" jsonb not null default '[]', "generator" text null, "policy_domain" text not null, "policy_adkim" text null, "policy_aspf" text null, "policy_p" text not null, "policy_sp" text null, "policy_np" text null, "policy_pct" smallint null, "policy_fo" text null, "policy_testing" text null, "policy_discovery_method" text null, "record_count" int not null default 0, "message_count" bigint not null default '0', "content_sha256" text null, "ingested_at" timestamptz not null default now());`);
    this.addSql(`create index "dmarc_reports_org_idx" on "dmarc_reports" ("org_name");`);
    this.addSql(`create index "dmarc_reports_date_idx" on "dmarc_reports" ("date_begin");`);
    this.addSql(`create index "dmarc_reports_domain_date_idx" on "dmarc_reports" ("policy_domain", "date_begin");`);
    this.addSql(`alter table "dmarc_reports" add constraint "dmarc_reports_identity_unique" unique ("org_name", "report_id", "policy_domain");`);

    this.addSql(`create table "dmarc_records" ("id" bigserial primary key, "report_id" bigint not null, "source_ip" inet not null, "count" bigint not null, "disposition" text not null, "dkim_aligned" text not null, "spf_aligned" text not null, "reasons" jsonb not null default '[]', "header_from" text not null, "envelope_from" text null, "envelope_to" text null, "policy_domain" text not null, "date_begin" timestamptz not null);`);
    this.addSql(`create index "dmarc_records_report_idx" on "dmarc_records" ("report_id");`);
    this.addSql(`create index "dmarc_records_date_idx" on "dmarc_records" ("date_begin");`);
    this.addSql(`create index "dmarc_records_domain_date_idx" on "dmarc_records" ("policy_domain", "date_begin");`);
    this.addSql(`create index "dmarc_records_source_ip_date_idx" on "dmarc_records" ("source_ip", "date_begin");`);

    this.addSql(`create table "dmarc_auth_results" ("id" bigserial primary key, "record_id" bigint not null, "method" text not null, "domain" text not null, "selector" text null, "scope" text null, "result" text not null, "human_result" text null);`);
    this.addSql(`create index "dmarc_auth_results_record_idx" on "dmarc_auth_results" ("record_id");`);

    this.addSql(`create table "geolocation_cache" ("ip" inet not null, "country_code" text null, "country_name" text null, "subdivision" text null, "city" text null, "latitude" double precision null, "longitude" double precision null, "accuracy_radius_km" int null, "asn" int null, "as_organization" text null, "reserved_range" text null, "looked_up_at" timestamptz not null default now(), "expires_at" timestamptz not null, primary key ("ip"));`);
    this.addSql(`create index "geolocation_cache_country_idx" on "geolocation_cache" ("country_code");`);
    this.addSql(`create index "geolocation_cache_expires_idx" on "geolocation_cache" ("expires_at");`);

    this.addSql(`create table "users" ("id" uuid not null default gen_random_uuid(), "email" text not null, "password_hash" text not null, "role" text not null, "failed_login_attempts" int not null default 0, "failed_login_window_started_at" timestamptz null, "locked_until" timestamptz null, "last_login_at" timestamptz null, "password_changed_at" timestamptz not null default now(), "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "ml_models" ("id" uuid not null default gen_random_uuid(), "model_type" text not null, "parameters" jsonb not null, "feature_names" jsonb not null, "feature_stats" jsonb not null, "score_distribution" jsonb not null, "threshold" double precision not null, "sample_count" int not null, "training_ms" int not null, "model_data" bytea not null, "deployed" boolean not null default false, "deployed_at" timestamptz null, "created_by_id" uuid null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "ml_models_created_idx" on "ml_models" ("created_at");`);
    this.addSql(`create unique index "ml_models_one_deployed" on "ml_models" ("deployed") where "deployed";`);

    this.addSql(`create table "ml_predictions" ("id" bigserial primary key, "model_id" uuid null, "kind" text not null, "source_ip" inet not null, "domain" text null, "window_start" timestamptz not null, "window_end" timestamptz not null, "score" double precision not null, "is_anomaly" boolean not null, "features" jsonb not null, "explanation" jsonb not null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "ml_predictions_source_ip_idx" on "ml_predictions" ("source_ip");`);
    this.addSql(`create index "ml_predictions_anomaly_created_idx" on "ml_predictions" ("is_anomaly", "created_at");`);
    this.addSql(`create unique index "ml_predictions_dedup" on "ml_predictions" ("model_id", "kind", "source_ip", "domain", "window_start", "window_end") nulls not distinct;`);

    this.addSql(`create table "api_keys" ("id" uuid not null default gen_random_uuid(), "name" text not null, "prefix" text not null, "key_hash" text not null, "role" text not null, "created_by_id" uuid null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_prefix_unique" unique ("prefix");`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "dmarc_records" add constraint "dmarc_records_report_id_foreign" foreign key ("report_id") references "dmarc_reports" ("id") on delete cascade;`);

    this.addSql(`alter table "dmarc_auth_results" add constraint "dmarc_auth_results_record_id_foreign" foreign key ("record_id") references "dmarc_records" ("id") on delete cascade;`);

    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('ADMIN', 'ANALYST', 'VIEWER', 'INGEST'));`);

    this.addSql(`alter table "ml_models" add constraint "ml_models_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);

    this.addSql(`alter table "ml_predictions" add constraint "ml_predictions_model_id_foreign" foreign key ("model_id") references "ml_models" ("id") on delete cascade;`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_role_check" check ("role" in ('ADMIN', 'ANALYST', 'VIEWER', 'INGEST'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dmarc_records" drop constraint "dmarc_records_report_id_foreign";`);
    this.addSql(`alter table "dmarc_auth_results" drop constraint "dmarc_auth_results_record_id_foreign";`);
    this.addSql(`alter table "ml_models" drop constraint "ml_models_created_by_id_foreign";`);
    this.addSql(`alter table "api_keys" drop constraint "api_keys_created_by_id_foreign";`);
    this.addSql(`alter table "ml_predictions" drop constraint "ml_predictions_model_id_foreign";`);

    this.addSql(`drop table if exists "analytics_cache" cascade;`);
    this.addSql(`drop table if exists "dmarc_reports" cascade;`);
    this.addSql(`drop table if exists "dmarc_records" cascade;`);
    this.addSql(`drop table if exists "dmarc_auth_results" cascade;`);
    this.addSql(`drop table if exists "geolocation_cache" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "ml_models" cascade;`);
    this.addSql(`drop table if exists "ml_predictions" cascade;`);
    this.addSql(`drop table if exists "api_keys" cascade;`);
  }

}
