import { Migration } from '@mikro-orm/migrations';

/**
 * Scheduled jobs (issue #11): the run history that also makes every scheduled slot run once
 * (job_runs), and on each model the auto-deploy decision and the training slot it came from.
 */
export class Migration20261201160000_Jobs extends Migration {

  override name = 'Migration20261201160000_Jobs';

  override up(): void | Promise<void> {
    this.addSql(`create table "job_runs" ("id" uuid not null default gen_random_uuid(), "job_name" text not null, "slot" timestamptz null, "outcome" text not null, "worker" text not null, "started_at" timestamptz not null default now(), "heartbeat_at" timestamptz not null default now(), "finished_at" timestamptz null, "duration_ms" int null, "progress" double precision null, "progress_message" text null, "error" text null, "result" jsonb null, primary key ("id"));`);
    this.addSql(`create index "job_runs_job_started_idx" on "job_runs" ("job_name", "started_at");`);
    this.addSql(`create unique index "job_runs_one_per_slot" on "job_runs" ("job_name", "slot") where "outcome" in ('RUNNING', 'SUCCEEDED');`);
    this.addSql(`alter table "ml_models" add column "deploy_decision" jsonb null, add column "schedule_slot" timestamptz null;`);
    this.addSql(`create unique index "ml_models_schedule_slot_unique" on "ml_models" ("schedule_slot");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ml_models_schedule_slot_unique";`);
    this.addSql(`alter table "ml_models" drop column "deploy_decision", drop column "schedule_slot";`);
    this.addSql(`drop table if exists "job_runs";`);
  }

}
