import { Migration } from '@mikro-orm/migrations';

/**
 * Live alerts (issue #10): alerts, their state history and suppression rules. One alert per
 * (source IP, kind, domain) may be active at a time: the partial unique index is what makes two
 * detection runs racing each other raise one alert, not two.
 */
export class Migration20261201150000_Alerts extends Migration {

  override name = 'Migration20261201150000_Alerts';

  override up(): void | Promise<void> {
    this.addSql(`create table "alerts" ("id" uuid not null default gen_random_uuid(), "kind" text not null, "state" text not null, "score" double precision not null, "source_ip" inet not null, "dedup_domain" text not null, "domains" text[] not null, "country_code" text null, "city" text null, "latitude" double precision null, "longitude" double precision null, "asn" int null, "as_organization" text null, "reasons" jsonb not null, "evidence" jsonb not null, "model_id" uuid null, "window_start" timestamptz not null, "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null, "message_count" bigint not null, "suppression_rule_id" uuid null, "state_changed_at" timestamptz null, "state_changed_by" text null, "comment" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "alerts_key_idx" on "alerts" ("source_ip", "kind", "dedup_domain");`);
    this.addSql(`create index "alerts_created_idx" on "alerts" ("created_at", "id");`);
    this.addSql(`create index "alerts_state_idx" on "alerts" ("state");`);
    this.addSql(`create unique index "alerts_one_active_per_key" on "alerts" ("source_ip", "kind", "dedup_domain") where "state" in ('OPEN', 'ACKNOWLEDGED');`);

    this.addSql(`create table "alert_state_changes" ("id" bigserial primary key, "alert_id" uuid not null, "from_state" text null, "to_state" text not null, "actor" text not null, "comment" text null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "alert_state_changes_alert_idx" on "alert_state_changes" ("alert_id", "created_at");`);
    this.addSql(`alter table "alert_state_changes" add constraint "alert_state_changes_alert_id_foreign" foreign key ("alert_id") references "alerts" ("id") on delete cascade;`);

    this.addSql(`create table "alert_suppression_rules" ("id" uuid not null default gen_random_uuid(), "network" cidr null, "asn" int null, "country_code" text null, "domain" text null, "kind" text null, "comment" text null, "expires_at" timestamptz null, "created_by" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "alert_suppression_rules" cascade;`);
    this.addSql(`drop table if exists "alert_state_changes" cascade;`);
    this.addSql(`drop table if exists "alerts" cascade;`);
  }

}
