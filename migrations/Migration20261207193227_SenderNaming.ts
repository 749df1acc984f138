import { Migration } from '@mikro-orm/migrations';

/**
 * Named and classified senders (issue #21): the naming cache per source address (sender_names),
 * the operator's approvals per domain and sender with their audit trail, the operator's own
 * service map entries, and the sender an alert's source was when it was raised.
 */
export class Migration20261207193227_SenderNaming extends Migration {

  override name = 'Migration20261207193227_SenderNaming';

  override up(): void | Promise<void> {
    this.addSql(`create table "sender_approvals" ("domain" text not null, "sender_key" text not null, "state" text not null, "comment" text null, "note" text null, "decided_by" text null, "decided_at" timestamptz null, "updated_at" timestamptz not null default now(), primary key ("domain", "sender_key"));`);

    this.addSql(`create table "sender_approval_changes" ("id" bigserial primary key, "domain" text not null, "sender_key" text not null, "sender_name" text not null, "action" text not null, "from_state" text null, "to_state" text not null, "actor" text not null, "comment" text null, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "sender_approval_changes_sender_idx" on "sender_approval_changes" ("domain", "sender_key", "created_at");`);

    this.addSql(`create table "sender_map_entries" ("id" uuid not null default gen_random_uuid(), "base_domain" text null, "asn" int null, "name" text not null, "type" text not null, "comment" text null, "created_by" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "sender_map_entries" add constraint "sender_map_entries_asn_unique" unique ("asn");`);
    this.addSql(`alter table "sender_map_entries" add constraint "sender_map_entries_base_domain_unique" unique ("base_domain");`);

    this.addSql(`create table "sender_names" ("ip" inet not null, "reverse_dns" text not null, "ptr_name" text null, "confirmed_name" text null, "base_domain" text null, "dns_error" text null, "asn" int null, "as_organization" text null, "sender_key" text not null, "sender_name" text not null, "sender_type" text not null, "sender_category" text null, "naming_source" text not null, "looked_up_at" timestamptz not null default now(), "expires_at" timestamptz not null, primary key ("ip"));`);
    this.addSql(`create index "sender_names_asn_idx" on "sender_names" ("asn");`);
    this.addSql(`create index "sender_names_base_domain_idx" on "sender_names" ("base_domain");`);
    this.addSql(`create index "sender_names_sender_key_idx" on "sender_names" ("sender_key");`);
    this.addSql(`create index "sender_names_expires_idx" on "sender_names" ("expires_at");`);

    this.addSql(`alter table "alerts" add "sender" jsonb null;`);

    this.addSql(`alter table "sender_map_entries" add constraint "sender_map_entries_one_key" check ((base_domain is null) <> (asn is null));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sender_approvals" cascade;`);
    this.addSql(`drop table if exists "sender_approval_changes" cascade;`);
    this.addSql(`drop table if exists "sender_map_entries" cascade;`);
    this.addSql(`drop table if exists "sender_names" cascade;`);

    this.addSql(`alter table "alerts" drop column "sender";`);
  }

}
