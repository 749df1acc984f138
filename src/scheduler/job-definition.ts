import type { Logger } from '../logging/logger.js';

/**
 * One scheduled (or on-demand) piece of work. Each job lives in a file of its own under jobs/ and
 * is listed in jobs/index.ts (top level); the scheduler (src/scheduler/) registers, schedules and runs them.
 * A job body calls the services: it holds no logic of its own beyond choosing what to call.
 * `S` is what jobs may call: the application's JobServices (src/app/services.ts); the scheduler
 * only hands it on, so it knows nothing of the services.
 */
export interface JobDefinition<S> {
  /** Stable identifier, kebab-case, e.g. 'detect-anomalies-daily'; also names its settings. */
  readonly name: string;
  readonly description: string;
  /**
   * Cron expression (5 fields) in the job's time zone; null = runs only on demand or when code
   * starts it. Overridden by the settings JOB_<NAME>_CRON and JOB_<NAME>_TIMEZONE.
   */
  readonly defaultSchedule: string | null;
  readonly run: (context: JobContext<S>) => Promise<JobResult | void>;
}

export interface JobContext<S> {
  /** The services of the graph the API uses (buildServiceGraph) that jobs may call; no EntityManager. */
  readonly services: S;
  /** Carries the job name and run id on every line. */
  readonly logger: Logger;
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
