import { Migration } from '@mikro-orm/migrations';

/**
 * Values a reporter left out or empty (issue #14): a record's disposition, aligned DKIM/SPF
 * results and header_from, and the published `p`, are stored as null (not stated) rather than
 * refusing the report or guessing one. parsedmarc reads these reports too.
 */
export class Migration20261201174000_UnstatedRecordValues extends Migration {

  override name = 'Migration20261201174000_UnstatedRecordValues';

  override up(): void | Promise<void> {
    this.addSql(`alter table "dmarc_records" alter column "disposition" drop not null, alter column "dkim_aligned" drop not null, alter column "spf_aligned" drop not null, alter column "header_from" drop not null;`);
    this.addSql(`alter table "dmarc_reports" alter column "policy_p" drop not null;`);
  }

  override down(): void | Promise<void> {
    // Fails while a stored report has such a null: delete those reports first to go back.
    this.addSql(`alter table "dmarc_records" alter column "disposition" set not null, alter column "dkim_aligned" set not null, alter column "spf_aligned" set not null, alter column "header_from" set not null;`);
    this.addSql(`alter table "dmarc_reports" alter column "policy_p" set not null;`);
  }
}
