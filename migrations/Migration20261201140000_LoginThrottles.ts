import { Migration } from '@mikro-orm/migrations';

/**
 * Failed logins are counted per (account, client address) instead of per account (issue #12,
 * item 14): anyone could lock any known account, administrators included, with a few anonymous
 * guesses. Running lockouts are not carried over; they end within LOCKOUT_MINUTES anyway.
 */
export class Migration20261201140000_LoginThrottles extends Migration {

  override name = 'Migration20261201140000_LoginThrottles';

  override up(): void | Promise<void> {
    this.addSql(`create table "login_throttles" ("id" uuid not null default gen_random_uuid(), "user_id" uuid not null, "client_ip" text not null, "failed_attempts" int not null default 0, "window_started_at" timestamptz null, "locked_until" timestamptz null, "lock_count" int not null default 0, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "login_throttles" add constraint "login_throttles_user_id_client_ip_unique" unique ("user_id", "client_ip");`);
    this.addSql(`alter table "login_throttles" add constraint "login_throttles_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "users" drop column "failed_login_attempts", drop column "failed_login_window_started_at", drop column "locked_until";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" add column "failed_login_attempts" int not null default 0, add column "failed_login_window_started_at" timestamptz null, add column "locked_until" timestamptz null;`);
    this.addSql(`drop table if exists "login_throttles" cascade;`);
  }
}
