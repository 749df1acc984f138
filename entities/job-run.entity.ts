import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type JobRunOutcome = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'ABANDONED';

/**
 * One attempt of a job. A scheduled run claims its (job, slot) pair: the partial unique index
 * lets one RUNNING or SUCCEEDED row exist per slot, so a slot that is delivered twice (two
 * workers, a retry after a crash) does its work once and the second attempt is recorded SKIPPED.
 */
@Entity({ tableName: 'job_runs' })
@Index({ name: 'job_runs_job_started_idx', properties: ['jobName', 'startedAt'] })
@Index({
  name: 'job_runs_one_per_slot',
  expression: `create unique index "job_runs_one_per_slot" on "job_runs" ("job_name", "slot") where "outcome" in ('RUNNING', 'SUCCEEDED')`,
})
export class JobRun {
  /** The run id that logs and errors name. */
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  @Property({ type: 'text' })
  jobName!: string;

  /** The schedule slot (the cron time the run was due); null when run on demand. */
  @Property({ type: 'datetime', nullable: true })
  slot?: Date | null;

  @Property({ type: 'text' })
  outcome!: JobRunOutcome;

  /** host:pid of the process that ran it. */
  @Property({ type: 'text' })
  worker!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  startedAt: Date & Opt = new Date();

  /** Refreshed while the run makes progress; a RUNNING row with an old heartbeat belongs to a dead worker. */
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  heartbeatAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'integer', nullable: true })
  durationMs?: number | null;

  /** In [0, 1] while running. */
  @Property({ type: 'double', nullable: true })
  progress?: number | null;

  @Property({ type: 'text', nullable: true })
  progressMessage?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Property({ type: 'json', nullable: true })
  result?: Record<string, unknown> | null;
}
