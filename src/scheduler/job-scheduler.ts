import { Agenda, backoffStrategies, type Job, type JobParameters } from 'agenda';
import type { JobDefinition } from './job-definition.js';
import type { Config } from '../config/config.js';
import type { DomainEvents } from '../events/domain-events.js';
import { BadUserInputError, DependencyUnavailableError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import { resolveSchedule, slotAt, type JobSchedule } from './job-schedule.js';
import type { JobStore, JobBackendName } from './job-store.js';
import { runJobOnce, type RunOutcome } from './job-runner.js';
import { WORKER_NAME, type JobRunView, type RunLedger } from './run-ledger.js';

/** What `jobs` (GraphQL and CLI) shows of one job. */
export interface JobStatusView {
  readonly name: string;
  readonly description: string;
  readonly schedule: string | null;
  readonly timeZone: string;
  readonly backend: JobBackendName;
  /** False while the job store cannot be reached: the times below are then unknown (null). */
  readonly storeReachable: boolean;
  readonly paused: boolean;
  readonly nextRunAt: Date | null;
  readonly lastRunAt: Date | null;
  readonly lastFinishedAt: Date | null;
  readonly lastFailure: { readonly at: Date; readonly message: string; readonly runId: string | null } | null;
  readonly running: boolean;
  readonly progress: number | null;
  readonly progressMessage: string | null;
  /** Its next run is more than JOBS_OVERDUE_AFTER_MS in the past and it is not running: the scheduler stalled. */
  readonly overdue: boolean;
  readonly recentRuns: JobRunView[];
}

export interface JobSchedulerOptions<S> {
  readonly definitions: readonly JobDefinition<S>[];
  readonly config: Pick<Config, 'jobs'>;
  readonly store: JobStore;
  readonly ledger: RunLedger;
  readonly logger: Logger;
  /** What the jobs call (built together with the scheduler, so reached once the graph exists). */
  readonly services: () => S;
  /** Where each run's end is told (`jobRunFinished`). */
  readonly events?: DomainEvents;
}

const RECENT_RUNS = 10;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * Agenda around our job definitions. `start({ process })` connects to the job store in the
 * background (retrying until it answers, so the API serves while it is down) and, with
 * `process`, runs due jobs; without it (`serve --no-jobs`) it only reads and enqueues.
 */
export class JobScheduler<S = unknown> {
  readonly #definitions: ReadonlyMap<string, JobDefinition<S>>;
  readonly #schedules: ReadonlyMap<string, JobSchedule>;
  #agenda: Agenda | undefined;
  #connecting: Promise<void> | undefined;
  #lastError: string | undefined;
  #processing = false;
  readonly #shutdown = new AbortController();

  constructor(private readonly options: JobSchedulerOptions<S>) {
    this.#definitions = new Map(options.definitions.map((d) => [d.name, d]));
    this.#schedules = new Map(options.definitions.map((d) => [d.name, resolveSchedule(d, options.config)]));
  }

  get backend(): JobBackendName {
    return this.options.store.name;
  }

  get definitions(): JobDefinition<S>[] {
    return [...this.#definitions.values()];
  }

  /** Connects in the background; `process` also runs due jobs in this process. Resolves at once. */
  start(options: { process: boolean }): void {
    this.#processing = options.process;
    this.options.logger.info(
      { backend: this.backend, processing: options.process, jobs: this.definitions.map((d) => `${d.name} (${this.#schedules.get(d.name)!.cron ?? 'on demand'})`) },
      `jobs: ${options.process ? 'running scheduled jobs' : 'not running jobs in this process'}; job store: ${this.backend === 'mongodb' ? 'MongoDB (MONGODB_URL)' : "Agenda's PostgreSQL backend on the application database"}`,
    );
    this.#connecting ??= this.#connect();
    // stop() closes the store even while a connect is still writing the schedules; the query that
    // fails then is expected, not a crash (any other failure stays unhandled, as before).
    this.#connecting.catch((error: unknown) => {
      if (!this.#shutdown.signal.aborted) throw error;
    });
  }

  /** Resolves once the job store answered (tests, the CLI); rejects after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    this.#connecting ??= this.#connect();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#connecting,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`job store (${this.backend}) not reachable: ${this.#lastError ?? 'no answer'}`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops taking jobs, asks running ones to stop, waits for them (bounded), releases locks. */
  async stop(timeoutMs: number): Promise<void> {
    this.#shutdown.abort(new Error('shutting down'));
    const agenda = this.#agenda;
    if (agenda && this.#processing) {
      const drained = await agenda.drain({ timeout: timeoutMs, closeConnection: false }).catch(() => undefined);
      if (drained?.timedOut) this.options.logger.warn({ running: drained.running }, 'jobs still running at shutdown; their locks expire and another worker reruns them');
      await agenda.stop(false).catch(() => {});
    }
    await this.options.store.close().catch((error: unknown) => this.options.logger.warn({ err: error }, 'closing the job store failed'));
  }

  /** Readiness: throws while the store is unreachable or a job is overdue. */
  async check(): Promise<Record<string, unknown>> {
    if (!this.#agenda) throw new Error(`job store (${this.backend}) not reachable${this.#lastError ? `: ${this.#lastError}` : ''}`);
    const jobs = await this.#storedJobs();
    const overdue = this.definitions.filter((d) => this.#isOverdue(jobs.get(d.name) ?? [], false)).map((d) => d.name);
    if (overdue.length > 0) throw new Error(`jobs overdue (the scheduler stalled?): ${overdue.join(', ')}`);
    return { backend: this.backend, processing: this.#processing };
  }

  async list(): Promise<JobStatusView[]> {
    const names = this.definitions.map((d) => d.name);
    const [stored, recent, failures, running, times] = await Promise.all([
      this.#agenda ? this.#storedJobs().catch(() => undefined) : Promise.resolve(undefined),
      this.options.ledger.recentRuns(names, RECENT_RUNS),
      this.options.ledger.lastFailures(names),
      this.options.ledger.running(names),
      this.options.ledger.lastTimes(names),
    ]);
    return this.definitions.map((definition) => this.#view(definition, { stored, recent, failures, running, times }));
  }

  async get(name: string): Promise<JobStatusView> {
    this.#definition(name);
    return (await this.list()).find((job) => job.name === name)!;
  }

  /** Queues a run now, for whichever worker takes it first; an on-demand run has no slot. */
  async runNow(name: string): Promise<JobStatusView> {
    this.#definition(name);
    await this.#connected().now(name, { onDemand: true });
    this.options.logger.info({ job: name }, 'job queued to run now');
    return this.get(name);
  }

  async pause(name: string): Promise<JobStatusView> {
    this.#definition(name);
    await this.#connected().disable({ name });
    this.options.logger.info({ job: name }, 'job paused');
    return this.get(name);
  }

  async resume(name: string): Promise<JobStatusView> {
    this.#definition(name);
    await this.#connected().enable({ name });
    this.options.logger.info({ job: name }, 'job resumed');
    return this.get(name);
  }

  /** When each job last succeeded, on any worker (the run ledger): the metrics' per-job freshness. */
  lastSuccesses(): Promise<Map<string, Date>> {
    return this.options.ledger.lastSuccesses(this.definitions.map((d) => d.name));
  }

  /** Runs in progress now with a fresh heartbeat, on any worker, by job. */
  async runningNow(): Promise<Set<string>> {
    return new Set((await this.options.ledger.running(this.definitions.map((d) => d.name))).keys());
  }

  /** Forgets the runs that finished before `before` (the purge-history-daily job). */
  purgeRuns(before: Date): Promise<number> {
    return this.options.ledger.purgeFinished(before);
  }

  /** Runs a job in this process now, without the scheduler (`dmarc-analytics jobs run`). */
  runHere(name: string, onProgress?: (fraction: number, message: string | undefined) => void): Promise<RunOutcome> {
    return this.runSlot(name, null, onProgress);
  }

  /** Runs a job in this process for `slot` (null: on demand), as the scheduler does when the slot is due. */
  runSlot(name: string, slot: Date | null, onProgress?: (fraction: number, message: string | undefined) => void): Promise<RunOutcome> {
    return runJobOnce(this.#definition(name), this.#runDeps(), {
      slot,
      heartbeatMs: this.#heartbeatMs(),
      signal: this.#shutdown.signal,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  #definition(name: string): JobDefinition<S> {
    const definition = this.#definitions.get(name);
    if (!definition) throw new BadUserInputError(`unknown job "${name}"; jobs: ${[...this.#definitions.keys()].join(', ')}`);
    return definition;
  }

  #connected(): Agenda {
    if (!this.#agenda) {
      throw new DependencyUnavailableError('job store', `${this.backend} is not reachable${this.#lastError ? ` (${this.#lastError})` : ''}; try again when it is back`);
    }
    return this.#agenda;
  }

  #runDeps() {
    return { services: this.options.services(), ledger: this.options.ledger, logger: this.options.logger, ...(this.options.events ? { events: this.options.events } : {}) };
  }

  /** Often enough that a live job's lock never expires; the ledger's stale limit is 2/3 of the lifetime. */
  #heartbeatMs(): number {
    return Math.max(50, Math.floor(this.options.config.jobs.lockLifetimeMs / 4));
  }

  async #connect(): Promise<void> {
    const { logger } = this.options;
    let delay = 500;
    for (;;) {
      if (this.#shutdown.signal.aborted) return;
      try {
        await this.options.store.connect();
        break;
      } catch (error) {
        if (this.#shutdown.signal.aborted) return;
        const message = (error as Error).message;
        if (message !== this.#lastError) logger.warn({ backend: this.backend, err: error }, 'job store unreachable; retrying');
        this.#lastError = message;
        await sleep(delay, this.#shutdown.signal);
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
      }
    }
    const { jobs } = this.options.config;
    const agenda = new Agenda({
      backend: this.options.store.connected,
      name: WORKER_NAME,
      processEvery: jobs.processEveryMs,
      defaultLockLifetime: jobs.lockLifetimeMs,
      // One run of a job at a time per worker; several workers still race for each run.
      defaultConcurrency: 1,
      removeOnComplete: true,
    });
    let lastLogged = '';
    agenda.on('error', (error: Error) => {
      // Store outages repeat every poll: log each new message once.
      if (error.message !== lastLogged) logger.warn({ err: error, backend: this.backend }, 'job scheduler error');
      lastLogged = error.message;
      this.#lastError = error.message;
    });
    for (const definition of this.definitions) this.#define(agenda, definition);
    await this.#ensureSchedules(agenda);
    this.#agenda = agenda;
    this.#lastError = undefined;
    logger.info({ backend: this.backend }, 'job store connected');
    if (this.#processing && !this.#shutdown.signal.aborted) await agenda.start();
  }

  #define(agenda: Agenda, definition: JobDefinition<S>): void {
    const schedule = this.#schedules.get(definition.name)!;
    const { jobs } = this.options.config;
    agenda.define(
      definition.name,
      async (job: Job) => {
        const onDemand = (job.attrs.data as { onDemand?: boolean } | undefined)?.onDemand === true;
        const slot = onDemand ? null : slotAt(schedule, job.attrs.lastRunAt ?? new Date());
        await runJobOnce(definition, this.#runDeps(), {
          slot,
          heartbeatMs: this.#heartbeatMs(),
          signal: this.#shutdown.signal,
          touch: (progress) => job.touch(progress === undefined ? undefined : Math.round(progress * 100)),
        });
      },
      {
        lockLifetime: jobs.lockLifetimeMs,
        backoff: backoffStrategies.exponential({ delay: jobs.retryDelayMs, maxRetries: jobs.maxRetries, maxDelay: 6 * 60 * 60_000 }),
      },
    );
  }

  /**
   * One recurring entry per job. Agenda's `every()` rewrites the whole entry (clearing `disabled`
   * and, on MongoDB, `lockedAt` of a run in progress on another worker), so it is called only when
   * the entry is missing or its cron or time zone changed. MongoDB has no unique index on the
   * entry's name: two workers starting together may both insert one; both then keep the oldest.
   */
  async #ensureSchedules(agenda: Agenda): Promise<void> {
    for (const definition of this.definitions) {
      const schedule = this.#schedules.get(definition.name)!;
      const entries = await this.#recurringEntries(agenda, definition.name);
      const current = entries[0];
      if (schedule.cron === null) {
        if (current) await agenda.cancel({ ids: entries.map((e) => e._id!) });
        continue;
      }
      if (current && current.repeatInterval === schedule.cron && (current.repeatTimezone ?? null) === schedule.timeZone) {
        if (entries.length > 1) await agenda.cancel({ ids: entries.slice(1).map((e) => e._id!) });
        continue;
      }
      const paused = current?.disabled === true;
      await agenda.every(schedule.cron, definition.name, undefined, { timezone: schedule.timeZone, skipImmediate: true });
      if (paused) await agenda.disable({ name: definition.name });
      const after = await this.#recurringEntries(agenda, definition.name);
      if (after.length > 1) await agenda.cancel({ ids: after.slice(1).map((e) => e._id!) });
    }
  }

  async #recurringEntries(agenda: Agenda, name: string): Promise<JobParameters[]> {
    const { jobs } = await agenda.queryJobs({ name, includeDisabled: true });
    return jobs.filter((job) => job.type === 'single').sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }

  async #storedJobs(): Promise<Map<string, JobParameters[]>> {
    const { jobs } = await this.#connected().queryJobs({ names: this.definitions.map((d) => d.name), includeDisabled: true });
    const byName = new Map<string, JobParameters[]>();
    for (const job of jobs) byName.set(job.name, [...(byName.get(job.name) ?? []), job]);
    return byName;
  }

  #isOverdue(entries: readonly JobParameters[], running: boolean): boolean {
    if (running) return false;
    const limit = Date.now() - this.options.config.jobs.overdueAfterMs;
    return entries.some((entry) => !entry.disabled && !isLocked(entry, this.options.config.jobs.lockLifetimeMs) && entry.nextRunAt !== null && entry.nextRunAt.getTime() < limit);
  }

  #view(definition: JobDefinition<S>, known: KnownRuns): JobStatusView {
    const { stored, recent, failures } = known;
    const schedule = this.#schedules.get(definition.name)!;
    const entries = stored?.get(definition.name) ?? [];
    const recurring = entries.find((e) => e.type === 'single');
    const pending = entries.filter((e) => !e.disabled && e.nextRunAt !== null).map((e) => e.nextRunAt!.getTime());
    const run = known.running.get(definition.name);
    const failure = failures.get(definition.name);
    const ledger = known.times.get(definition.name);
    return {
      name: definition.name,
      description: definition.description,
      schedule: schedule.cron,
      timeZone: schedule.timeZone,
      backend: this.backend,
      storeReachable: stored !== undefined,
      paused: recurring?.disabled === true,
      nextRunAt: pending.length > 0 ? new Date(Math.min(...pending)) : null,
      // Agenda's entries and the ledger: an on-demand run's entry is removed once it completes.
      lastRunAt: latest([...entries.map((e) => e.lastRunAt), ledger?.startedAt]),
      lastFinishedAt: latest([...entries.map((e) => e.lastFinishedAt), ledger?.finishedAt]),
      lastFailure: failure ? { at: failure.finishedAt ?? failure.startedAt, message: failure.error ?? 'failed', runId: failure.runId } : null,
      running: run !== undefined,
      progress: run?.progress ?? null,
      progressMessage: run?.progressMessage ?? null,
      overdue: this.#isOverdue(entries, run !== undefined),
      recentRuns: recent.get(definition.name) ?? [],
    };
  }
}

/** What the job store and the run ledger know, read once for every job of a listing. */
interface KnownRuns {
  readonly stored: Map<string, JobParameters[]> | undefined;
  readonly recent: Map<string, JobRunView[]>;
  readonly failures: Map<string, JobRunView>;
  readonly running: Map<string, JobRunView>;
  readonly times: Map<string, { readonly startedAt: Date | null; readonly finishedAt: Date | null }>;
}

function isLocked(entry: JobParameters, lockLifetimeMs: number): boolean {
  return entry.lockedAt != null && entry.lockedAt.getTime() > Date.now() - lockLifetimeMs;
}

function latest(dates: readonly (Date | null | undefined)[]): Date | null {
  const times = dates.filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
