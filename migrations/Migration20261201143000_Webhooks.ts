import { Migration } from '@mikro-orm/migrations';

/**
 * Outbound webhooks (issue #10): the endpoints administrators register, and one row per event and
 * endpoint that the sender works through (pending by due time, then succeeded or failed).
 */
export class Migration20261201143000_Webhooks extends Migration {

  override name = 'Migration20261201143000_Webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhooks" ("id" uuid not null default gen_random_uuid(), "url" text not null, "secret" text not null, "filter" jsonb not null, "description" text null, "enabled" boolean not null default true, "created_by_id" uuid null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);

    this.addSql(`create table "webhook_deliveries" ("id" uuid not null, "webhook_id" uuid not null, "event_type" text not null, "alert_id" text not null, "body" text not null, "status" text not null, "attempts" int not null default 0, "max_attempts" int not null, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "last_error" text null, "response_status" int null, "created_at" timestamptz not null default now(), "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_deliveries_created_idx" on "webhook_deliveries" ("created_at", "id");`);
    this.addSql(`create index "webhook_deliveries_webhook_created_idx" on "webhook_deliveries" ("webhook_id", "created_at", "id");`);
    this.addSql(`create index "webhook_deliveries_due_idx" on "webhook_deliveries" ("next_attempt_at") where "status" = 'PENDING';`);

    this.addSql(`alter table "webhooks" add constraint "webhooks_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`);
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_status_check" check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "webhook_deliveries";`);
    this.addSql(`drop table "webhooks";`);
  }

}
