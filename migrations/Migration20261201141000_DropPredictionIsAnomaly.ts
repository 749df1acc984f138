import { Migration } from '@mikro-orm/migrations';

/**
 * ml_predictions stores only anomalies (detection keeps nothing under the threshold), so
 * `is_anomaly` was true on every row while an index and every listing carried it. The listing
 * orders by `created_at`: that alone is indexed now.
 */
export class Migration20261201141000_DropPredictionIsAnomaly extends Migration {

  override name = 'Migration20261201141000_DropPredictionIsAnomaly';

  override up(): void | Promise<void> {
    this.addSql(`drop index "ml_predictions_anomaly_created_idx";`);
    this.addSql(`alter table "ml_predictions" drop column "is_anomaly";`);
    this.addSql(`create index "ml_predictions_created_at_idx" on "ml_predictions" ("created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ml_predictions_created_at_idx";`);
    this.addSql(`alter table "ml_predictions" add column "is_anomaly" boolean not null default true;`);
    this.addSql(`alter table "ml_predictions" alter column "is_anomaly" drop default;`);
    this.addSql(`create index "ml_predictions_anomaly_created_idx" on "ml_predictions" ("is_anomaly", "created_at");`);
  }

}
