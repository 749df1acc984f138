import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from '../src/graphql/context.js';
import type { Logger } from '../src/logging/logger.js';
import type { JobName } from './job-names.js';

/**
 * One scheduled (or on-demand) piece of work. Each job lives in a file of its own under jobs/ and
 * is listed in jobs/index.ts; the scheduler (src/jobs/) registers, schedules and runs them.
 * A job body calls the services: it holds no logic of its own beyond choosing what to call.
 */
export interface JobDefinition {
  /** Stable identifier, kebab-case, e.g. 'detect-anomalies-daily', listed in job-names.ts; also names its settings. */
  readonly name: JobName;
  readonly description: string;
  /**
   * Cron expression (5 fields) in the job's time zone; null = runs only on demand or when code
   * starts it. Overridden by the settings JOB_<NAME>_CRON and JOB_<NAME>_TIMEZONE.
   */
  readonly defaultSchedule: string | null;
  readonly run: (context: JobContext) => Promise<JobResult | void>;
}

export interface JobContext {
  /** The same service graph the API uses (createServices). */
  readonly services: Services;
  /** A fork of the EntityManager, private to this run (as a GraphQL request gets one). */
  readonly em: EntityManager;
  /** Carries the job name and run id on every line. */
  readonly logger: Logger;
  /** Unique per attempt: logs, the recent-runs list and errors name it. */
  readonly runId: string;
  /**
   * The schedule slot this run is for (the cron time it was due), or null when run on demand.
   * Jobs key what they write by it, so a slot that runs twice writes nothing twice.
   */
  readonly slot: Date | null;
  /** Reports progress in [0, 1] (shown by `jobs` while running) and refreshes the job's lock. */
  progress(fraction: number, message?: string): Promise<void>;
  /** Aborted when the process shuts down: stop at the next safe point. */
  readonly signal: AbortSignal;
}

/** A short summary of what a run did, kept with the run (e.g. `{ purged: 12 }`). */
export type JobResult = Readonly<Record<string, string | number | boolean | null | undefined>>;
