import { vi } from 'vitest';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import type { TestApp } from '../support/test-app.js';

export const JOB_FIELDS = `name schedule timeZone backend storeReachable paused nextRunAt lastRunAt lastFinishedAt
  lastFailure { at message runId } running progress progressMessage overdue
  recentRuns { runId slot startedAt durationMs outcome error worker }`;

export interface JobRunRow {
  runId: string;
  slot: string | null;
  startedAt: string;
  durationMs: number | null;
  outcome: string;
  error: string | null;
  worker: string;
}

export interface JobRow {
  name: string;
  schedule: string | null;
  timeZone: string;
  backend: string;
  storeReachable: boolean;
  paused: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastFinishedAt: string | null;
  lastFailure: { at: string; message: string; runId: string | null } | null;
  running: boolean;
  progress: number | null;
  progressMessage: string | null;
  overdue: boolean;
  recentRuns: JobRunRow[];
}

/** Four weeks of traffic ending today (a campaign in the last days), small enough for seconds. */
export async function loadRecentTraffic(t: TestApp, seed = 11): Promise<void> {
  const traffic = generateTraffic({ seed, days: 28, providers: 60, forwarders: 40, mailingLists: 20, smallSenders: 200, campaign: { ips: 15, withinLastDays: 5 } });
  await loadTraffic(t.app.dependencies.database.orm.em.fork(), traffic);
}

export async function listJobs(t: TestApp): Promise<JobRow[]> {
  const result = await t.graphql<{ jobs: JobRow[] }>(`{ jobs { ${JOB_FIELDS} } }`);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.jobs;
}

export async function job(t: TestApp, name: string): Promise<JobRow> {
  return (await listJobs(t)).find((j) => j.name === name)!;
}

/** Polls until the job store answers (the scheduler connects in the background). */
export async function untilStoreReachable(t: TestApp): Promise<void> {
  await vi.waitFor(async () => {
    const jobs = await listJobs(t);
    if (!jobs.every((j) => j.storeReachable)) throw new Error('job store not reachable yet');
  }, { timeout: 20_000, interval: 100 });
}

/** Queues a run with runJob and waits for its outcome (a new entry in recentRuns that finished). */
export async function runJobAndWait(t: TestApp, name: string, timeout = 60_000): Promise<JobRunRow> {
  const before = new Set((await job(t, name)).recentRuns.map((r) => r.runId));
  const queued = await t.graphql(`mutation($name: String!) { runJob(name: $name) { name } }`, { name });
  if (queued.errors) throw new Error(JSON.stringify(queued.errors));
  return vi.waitFor(async () => {
    const run = (await job(t, name)).recentRuns.find((r) => !before.has(r.runId) && r.outcome !== 'RUNNING');
    if (!run) throw new Error(`${name} has not finished yet`);
    return run;
  }, { timeout, interval: 100 });
}
