import { hostname } from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JobRunOutcome } from '../../entities/job-run.entity.js';
import { executeStatement, selectRows } from '../database/raw-sql.js';
import {
  abandonStaleRunsSql, claimSlotSql, finishRunSql, heartbeatSql, lastFailuresSql, lastSuccessesSql, lastTimesSql, purgeFinishedRunsSql, recentRunsSql,
  recordSkippedSql, runningSql, slotHolderSql,
} from './run-ledger-sql.js';

export interface JobRunView {
  readonly runId: string;
  readonly jobName: string;
  readonly slot: Date | null;
  readonly outcome: JobRunOutcome;
  readonly worker: string;
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
  readonly finishedAt: Date | null;
  readonly durationMs: number | null;
  readonly progress: number | null;
  readonly progressMessage: string | null;
  readonly error: string | null;
}

/** The outcome of claiming a run: go ahead with this run id, or the slot is done or taken already. */
export type Claim =
  | { readonly claimed: true; readonly runId: string; readonly slot: Date | null }
  | { readonly claimed: false; readonly runId: string; readonly slot: Date | null; readonly reason: string };

/** Another live worker runs this slot right now (a second delivery): try again later. */
class SlotBusyError extends Error {
  constructor(jobName: string, slot: Date, worker: string) {
    super(`${jobName}: the slot ${slot.toISOString()} is being run by ${worker}`);
    this.name = 'SlotBusyError';
  }
}

interface RunRow {
  id: string;
  job_name: string;
  slot: Date | string | null;
  outcome: JobRunOutcome;
  worker: string;
  started_at: Date | string;
  heartbeat_at: Date | string;
  finished_at: Date | string | null;
  duration_ms: number | null;
  progress: number | null;
  progress_message: string | null;
  error: string | null;
}

/** This process, as the runs it records name it. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/**
 * The job_runs table: every attempt of every job, and the guarantee that a schedule slot does its
 * work once. Agenda's lock keeps two workers from starting the same job at once while the lock is
 * fresh; this ledger covers what a lock cannot (a slot delivered again after a crash, a retry, a
 * lock that expired under a stalled worker): the partial unique index on (job_name, slot) admits
 * one RUNNING or SUCCEEDED row per slot.
 */
export class RunLedger {
  constructor(
    private readonly em: EntityManager,
    /** A RUNNING row whose heartbeat is older than this belongs to a dead worker. */
    private readonly staleAfterMs: number,
  ) {}

  /**
   * Starts a run. A scheduled run first frees slots whose worker died (RUNNING with a stale
   * heartbeat: marked ABANDONED) and takes over the oldest such slot that is not done yet, so a
   * killed run is redone for the slot it was for. Then it claims its slot: when the slot
   * succeeded already the run is recorded SKIPPED (`claimed: false`); when a live worker holds
   * it, SlotBusyError (the scheduler retries later).
   */
  async claim(jobName: string, dueSlot: Date | null): Promise<Claim> {
    const em = this.em.fork();
    let slot = dueSlot;
    if (dueSlot !== null) {
      const abandoned = await selectRows<{ slot: Date | string }>(em, abandonStaleRunsSql, [jobName, this.staleAfterMs]);
      const oldest = abandoned.map((row) => date(row.slot)!).sort((a, b) => a.getTime() - b.getTime())[0];
      if (oldest !== undefined && oldest.getTime() <= dueSlot.getTime()) slot = oldest;
    }
    const [inserted] = await selectRows<{ id: string }>(em, claimSlotSql, [jobName, slot, WORKER_NAME]);
    if (inserted) return { claimed: true, runId: inserted.id, slot };
    const [holder] = await selectRows<{ outcome: JobRunOutcome; worker: string }>(em, slotHolderSql, [jobName, slot]);
    if (holder?.outcome !== 'SUCCEEDED') throw new SlotBusyError(jobName, slot!, holder?.worker ?? 'another worker');
    const [skipped] = await selectRows<{ id: string }>(em, recordSkippedSql, [jobName, slot, WORKER_NAME]);
    return { claimed: false, runId: skipped!.id, slot, reason: 'slot already done' };
  }

  /** Records progress and proves the worker alive. */
  async heartbeat(runId: string, progress?: number, message?: string): Promise<void> {
    await executeStatement(this.em.fork(), heartbeatSql, [runId, progress ?? null, message ?? null]);
  }

  async finish(runId: string, outcome: 'SUCCEEDED' | 'FAILED', details: { error?: string; result?: Record<string, unknown> } = {}): Promise<void> {
    await executeStatement(this.em.fork(), finishRunSql, [runId, outcome, details.error ?? null, details.result === undefined ? null : JSON.stringify(details.result)]);
  }

  /**
   * Deletes the runs that finished before `before`. A slot that old is never delivered again, so
   * forgetting that it ran does not let it run twice.
   */
  purgeFinished(before: Date): Promise<number> {
    return executeStatement(this.em.fork(), purgeFinishedRunsSql, [before]);
  }

  /** The newest runs of each job, newest first: `perJob` each. */
  async recentRuns(jobNames: readonly string[], perJob: number): Promise<Map<string, JobRunView[]>> {
    const rows = await selectRows<RunRow>(this.em.fork(), recentRunsSql, [[...jobNames], perJob]);
    return groupByJob(rows);
  }

  /** The latest FAILED (or ABANDONED) run of each job. */
  async lastFailures(jobNames: readonly string[]): Promise<Map<string, JobRunView>> {
    const rows = await selectRows<RunRow>(this.em.fork(), lastFailuresSql, [[...jobNames]]);
    return new Map(rows.map((row) => [row.job_name, toView(row)]));
  }

  /**
   * When each job's latest run started and when its latest finished run ended, whatever started it
   * (a schedule, `runJob`, `jobs run`): Agenda forgets an on-demand run once it completes, the ledger
   * does not. A SKIPPED run (a slot already done) did no work and is not counted.
   */
  async lastTimes(jobNames: readonly string[]): Promise<Map<string, { readonly startedAt: Date | null; readonly finishedAt: Date | null }>> {
    const rows = await selectRows<{ job_name: string; started_at: Date | string | null; finished_at: Date | string | null }>(
      this.em.fork(),
      lastTimesSql,
      [[...jobNames]],
    );
    return new Map(rows.map((row) => [row.job_name, { startedAt: date(row.started_at), finishedAt: date(row.finished_at) }]));
  }

  /** The end of each job's latest SUCCEEDED run (the metrics' last successful run per job). */
  async lastSuccesses(jobNames: readonly string[]): Promise<Map<string, Date>> {
    const rows = await selectRows<{ job_name: string; finished_at: Date | string }>(this.em.fork(), lastSuccessesSql, [[...jobNames]]);
    return new Map(rows.map((row) => [row.job_name, date(row.finished_at)!]));
  }

  /** Runs in progress with a fresh heartbeat, by job. */
  async running(jobNames: readonly string[]): Promise<Map<string, JobRunView>> {
    const rows = await selectRows<RunRow>(this.em.fork(), runningSql, [[...jobNames], this.staleAfterMs]);
    return new Map(rows.map((row) => [row.job_name, toView(row)]));
  }
}

function groupByJob(rows: readonly RunRow[]): Map<string, JobRunView[]> {
  const byJob = new Map<string, JobRunView[]>();
  for (const row of rows) {
    const list = byJob.get(row.job_name) ?? [];
    list.push(toView(row));
    byJob.set(row.job_name, list);
  }
  return byJob;
}

function toView(row: RunRow): JobRunView {
  return {
    runId: row.id,
    jobName: row.job_name,
    slot: date(row.slot),
    outcome: row.outcome,
    worker: row.worker,
    startedAt: date(row.started_at)!,
    heartbeatAt: date(row.heartbeat_at)!,
    finishedAt: date(row.finished_at),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    progress: row.progress === null ? null : Number(row.progress),
    progressMessage: row.progress_message,
    error: row.error,
  };
}

/** Raw rows carry timestamps as text. */
function date(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}
