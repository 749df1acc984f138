import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobDefinitions } from '../../jobs/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { job, loadRecentTraffic, untilStoreReachable } from './jobs-harness.js';
import { onlyJob } from './worker-process.js';

const ALL = jobDefinitions.map((d) => d.name);
const CACHE = 'generate-analytics-cache-daily';

describe('job failures, stalls and repeated slots', { timeout: 120_000 }, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('retries a failing job with backoff, logs each failure with job name and run id, and shows the last failure', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'info' }, new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
    t = await startTestApp({ logger, env: { JOBS_PROCESS_EVERY_MS: '100', JOBS_RETRY_DELAY_MS: '300', JOBS_MAX_RETRIES: '5' } });
    const conn = t.app.dependencies.database.orm.em.fork().getConnection();
    // A real failure: the analytics cache refuses every new row.
    await conn.execute(`alter table analytics_cache add constraint refuse_rows check (false) not valid`);
    await t.graphql(`mutation { runJob(name: "${CACHE}") { name } }`);
    const failures = await vi.waitFor(async () => {
      const runs = (await job(t!, CACHE)).recentRuns.filter((r) => r.outcome === 'FAILED');
      if (runs.length < 3) throw new Error(`${runs.length} failures so far`);
      return runs.reverse();
    }, { timeout: 60_000, interval: 100 });
    await conn.execute(`alter table analytics_cache drop constraint refuse_rows`);
    const success = await vi.waitFor(async () => {
      const run = (await job(t!, CACHE)).recentRuns.find((r) => r.outcome === 'SUCCEEDED');
      if (!run) throw new Error('not succeeded yet');
      return run;
    }, { timeout: 60_000, interval: 100 });

    // Exponential backoff: each retry waits at least 300 ms, then 600 ms, then 1200 ms.
    const starts = failures.map((r) => new Date(r.startedAt).getTime());
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(300);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(600);
    expect(new Date(success.startedAt).getTime()).toBeGreaterThan(starts[2]!);
    for (const failure of failures) {
      expect(failure.error).toMatch(/refuse_rows/);
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'job failed', job: CACHE, runId: failure.runId }));
    }
    const status = await job(t, CACHE);
    expect(status.lastFailure).toMatchObject({ message: expect.stringMatching(/refuse_rows/) });
    expect(failures.map((f) => f.runId)).toContain(status.lastFailure!.runId);
  });

  it('shows a job that did not run when due as overdue, in jobs and in readiness', async () => {
    // No process runs jobs (serve --no-jobs and no worker): the scheduler has stalled, as far as anyone can tell.
    t = await startTestApp({ runJobs: false, env: { JOBS_OVERDUE_AFTER_MS: '500', ...onlyJob(CACHE, '* * * * * *', ALL) } });
    await untilStoreReachable(t);
    const overdue = await vi.waitFor(async () => {
      const status = await job(t!, CACHE);
      if (!status.overdue) throw new Error('not overdue yet');
      return status;
    }, { timeout: 20_000, interval: 100 });
    expect(new Date(overdue.nextRunAt!).getTime()).toBeLessThan(Date.now() - 500);
    expect((await job(t, 'train-anomaly-model-weekly')).overdue).toBe(false);
    const ready = await fetch(`${t.app.url}/health/ready`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { status: string; error?: string }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.checks.jobs).toMatchObject({ status: 'down', error: expect.stringMatching(new RegExp(`overdue.*${CACHE}`)) });
  });

  it('a slot run twice writes no second model, prediction or cache row', async () => {
    t = await startTestApp({ env: { ANOMALY_TRAINING_DAYS: '28' } });
    await loadRecentTraffic(t);
    const { jobs } = t.app.services;
    const conn = t.app.dependencies.database.orm.em.fork().getConnection();
    const count = async (table: string) => Number((await conn.execute<{ n: string }[]>(`select count(*) as n from ${table}`))[0]!.n);
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const runSlot = (name: string) => jobs.runSlot(name, slot);
    // The heatmaps first: they geolocate every sender, which the rule signals of detection read.
    const SLOT_JOBS = ['generate-analytics-cache-daily', 'train-anomaly-model-weekly', 'detect-anomalies-daily'];

    for (const name of SLOT_JOBS) {
      expect((await runSlot(name)).outcome).toBe('SUCCEEDED');
    }
    const after = { models: await count('ml_models'), predictions: await count('ml_predictions'), cache: await count('analytics_cache') };
    expect(after.models).toBe(1);
    expect(after.predictions).toBeGreaterThan(0);
    expect(after.cache).toBeGreaterThan(0);
    for (const name of SLOT_JOBS) {
      expect((await runSlot(name)).outcome).toBe('SKIPPED');
    }
    expect({ models: await count('ml_models'), predictions: await count('ml_predictions'), cache: await count('analytics_cache') }).toEqual(after);

    // Even when the record of the first run is lost (a crash after the model was stored), the
    // slot's model is found again, not trained twice; detection of the slot updates its rows.
    await conn.execute(`delete from job_runs`);
    for (const name of SLOT_JOBS) {
      expect((await runSlot(name)).outcome).toBe('SUCCEEDED');
    }
    expect({ models: await count('ml_models'), predictions: await count('ml_predictions'), cache: await count('analytics_cache') }).toEqual(after);
    const [train] = (await job(t, 'train-anomaly-model-weekly')).recentRuns;
    expect(train!.slot).toBe(slot.toISOString());
  });
});
