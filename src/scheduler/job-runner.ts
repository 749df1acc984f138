import type { DomainEvents } from '../events/domain-events.js';
import type { JobDefinition, JobResult } from './job-definition.js';
import type { Logger } from '../logging/logger.js';
import type { RunLedger } from './run-ledger.js';

export interface RunOutcome {
  readonly runId: string;
  readonly slot: Date | null;
  readonly outcome: 'SUCCEEDED' | 'SKIPPED';
  readonly result: JobResult | null;
}

/** The `jobRunFinished` event (src/events): one run of a job ended, in this process (metrics). */
export interface JobRunFinished {
  readonly job: string;
  /** SKIPPED: its slot was done already, nothing ran. */
  readonly outcome: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  readonly durationMs: number;
}

export interface RunOptions {
  /** The slot the run is due for (null: on demand). */
  readonly slot: Date | null;
  /** Refreshes the scheduler's lock (Agenda's `touch`); progress in [0, 1]. */
  readonly touch?: (progress: number | undefined) => Promise<void>;
  /** How often the lock and the heartbeat are refreshed while the job runs. */
  readonly heartbeatMs: number;
  /** Shutdown. */
  readonly signal: AbortSignal;
  /** Called with each progress report (the CLI draws it). */
  readonly onProgress?: (fraction: number, message: string | undefined) => void;
}

/**
 * Runs one job once, the same way for the scheduler and `dmarc-analytics jobs run`: claims the
 * slot in the ledger, keeps the lock and heartbeat fresh while the body runs, records the outcome,
 * and logs every line with the job name and run id. Throws when the job fails (the scheduler
 * retries with backoff).
 */
export async function runJobOnce<S>(
  definition: JobDefinition<S>,
  deps: { services: S; ledger: RunLedger; logger: Logger; events?: DomainEvents },
  options: RunOptions,
): Promise<RunOutcome> {
  const claim = await deps.ledger.claim(definition.name, options.slot);
  const logger = deps.logger.child({ job: definition.name, runId: claim.runId, slot: claim.slot?.toISOString() ?? null });
  const finished = (outcome: JobRunFinished['outcome'], durationMs: number) => deps.events?.emit('jobRunFinished', { job: definition.name, outcome, durationMs });
  if (!claim.claimed) {
    logger.info({ reason: claim.reason }, 'job run skipped');
    await finished('SKIPPED', 0);
    return { runId: claim.runId, slot: claim.slot, outcome: 'SKIPPED', result: null };
  }
  const started = performance.now();
  logger.info('job started');
  let lastProgress: number | undefined;
  let lastMessage: string | undefined;
  let beating: Promise<void> = Promise.resolve();
  const beat = () => {
    // One refresh at a time; a failed refresh is logged, and the next one tries again.
    beating = beating
      .then(async () => {
        await options.touch?.(lastProgress);
        await deps.ledger.heartbeat(claim.runId, lastProgress, lastMessage);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not refresh the job lock'));
    return beating;
  };
  const timer = setInterval(beat, options.heartbeatMs);
  timer.unref();
  try {
    const result = await definition.run({
      services: deps.services,
      logger,
      slot: claim.slot,
      signal: options.signal,
      async progress(fraction, message) {
        lastProgress = Math.min(1, Math.max(0, fraction));
        lastMessage = message;
        options.onProgress?.(lastProgress, message);
        logger.debug({ progress: lastProgress, message }, 'job progress');
        await beat();
      },
    });
    clearInterval(timer);
    await beating;
    await deps.ledger.finish(claim.runId, 'SUCCEEDED', result ? { result } : {});
    logger.info({ ms: Math.round(performance.now() - started), result: result ?? null }, 'job succeeded');
    await finished('SUCCEEDED', performance.now() - started);
    return { runId: claim.runId, slot: claim.slot, outcome: 'SUCCEEDED', result: result ?? null };
  } catch (error) {
    clearInterval(timer);
    await beating;
    const message = error instanceof Error ? error.message : String(error);
    await deps.ledger.finish(claim.runId, 'FAILED', { error: message }).catch((ledgerError: unknown) => {
      logger.error({ err: ledgerError }, 'could not record the failed run');
    });
    logger.error({ err: error, ms: Math.round(performance.now() - started) }, 'job failed');
    await finished('FAILED', performance.now() - started);
    throw error;
  }
}
