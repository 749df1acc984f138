import { Migration } from '@mikro-orm/migrations';

/**
 * What the parser repaired to read a report (issue #14: accept what can be recovered, say what was
 * recovered): one message per recovery, naming the field where it can. Reports stored before
 * were read without recoveries.
 */
export class Migration20261201150500_ReportWarnings extends Migration {

  override name = 'Migration20261201150500_ReportWarnings';

  override up(): void | Promise<void> {
    this.addSql(`alter table "dmarc_reports" add column "warnings" jsonb not null default '[]';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "dmarc_reports" drop column "warnings";`);
  }
}
