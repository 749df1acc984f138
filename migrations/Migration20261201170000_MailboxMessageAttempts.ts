import { Migration } from '@mikro-orm/migrations';

/**
 * Issue #14, a poison message in the mailbox: failed ingestion attempts per message
 * (mailbox_message_attempts), and how many messages were set aside after too many.
 */
export class Migration20261201170000_MailboxMessageAttempts extends Migration {

  override name = 'Migration20261201170000_MailboxMessageAttempts';

  override up(): void | Promise<void> {
    this.addSql(`create table "mailbox_message_attempts" ("mailbox" text not null, "uid_validity" bigint not null, "uid" bigint not null, "message_id" text null, "attempts" int not null, "last_error" text not null, "first_failed_at" timestamptz not null default now(), "last_failed_at" timestamptz not null default now(), primary key ("mailbox", "uid_validity", "uid"));`);
    this.addSql(`alter table "mailbox_status" add column "messages_poisoned" bigint not null default '0';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mailbox_message_attempts" cascade;`);
    this.addSql(`alter table "mailbox_status" drop column "messages_poisoned";`);
  }

}
