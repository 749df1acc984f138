import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { job, listJobs, loadRecentTraffic, runJobAndWait, untilStoreReachable } from './jobs-harness.js';

const JOBS = ['train-anomaly-model-weekly', 'detect-anomalies-daily', 'purge-geolocation-cache-weekly', 'generate-analytics-cache-daily', 'deliver-webhooks', 'poll-mailbox', 'purge-history-daily', 'name-senders-hourly'];

// The same jobs on both job stores: MongoDB (FerretDB here) and, without MONGODB_URL, Agenda's
// PostgreSQL backend on the application database.
describe.each<{ backend: string; env: Record<string, string> }>([
  { backend: 'MONGODB', env: {} },
  { backend: 'POSTGRESQL', env: { MONGODB_URL: '' } },
])('every job end to end on the $backend job store', ({ backend, env }) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...env, JOBS_PROCESS_EVERY_MS: '200', ANOMALY_TRAINING_DAYS: '28', JOBS_TIMEZONE: 'Europe/Berlin' } });
    await loadRecentTraffic(t);
    await untilStoreReachable(t);
  });
  afterAll(() => t?.close());

  it('lists every job with its schedule, time zone, backend and next run, none overdue', async () => {
    const jobs = await listJobs(t);
    expect(jobs.map((j) => j.name)).toEqual(JOBS);
    expect(jobs.find((j) => j.name === 'train-anomaly-model-weekly')).toMatchObject({ schedule: '0 2 * * 0', timeZone: 'Europe/Berlin', backend, paused: false, overdue: false, running: false });
    for (const j of jobs) {
      expect(j.backend).toBe(backend);
      // The next run is a future cron time of the job's schedule, in its time zone.
      expect(new Date(j.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    }
    const detect = jobs.find((j) => j.name === 'detect-anomalies-daily')!;
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(detect.nextRunAt!))).toBe('03:00');
  });

  it('trains and auto-deploys a model, recording the checks on it', async () => {
    const run = await runJobAndWait(t, 'train-anomaly-model-weekly');
    expect(run).toMatchObject({ outcome: 'SUCCEEDED', slot: null, error: null });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const models = await t.graphql<{ mlModels: { edges: { node: { deployed: boolean; deployDecision: { deployed: boolean; reason: string; checks: { name: string; passed: boolean; detail: string }[] } } }[] } }>(
      `{ mlModels(first: 5) { edges { node { deployed deployDecision { deployed reason checks { name passed detail } } } } } }`,
    );
    const [model] = models.data!.mlModels.edges.map((e) => e.node);
    expect(model!.deployDecision.checks.map((c) => c.name)).toEqual(['enough-samples', 'score-distribution', 'planted-recall', 'top-anomaly-agreement']);
    expect(model!.deployDecision).toMatchObject({ deployed: true, reason: 'every check passed' });
    expect(model!.deployed).toBe(true);
    expect(model!.deployDecision.checks[2]!.detail).toMatch(/^flags \d+(\.\d)?% of \d+ planted spoofing senders/);
  });

  it('detects with the deployed model and stores the anomalies', async () => {
    const run = await runJobAndWait(t, 'detect-anomalies-daily');
    expect(run.outcome).toBe('SUCCEEDED');
    const stored = await t.graphql<{ anomalies: { totalCount: number } }>('{ anomalies(first: 1) { totalCount } }');
    expect(stored.data!.anomalies.totalCount).toBeGreaterThan(0);
  });

  it('an on-demand run that succeeded shows as the last run and the last finished run', async () => {
    const before = await job(t, 'purge-history-daily');
    const run = await runJobAndWait(t, 'purge-history-daily');
    expect(run.outcome).toBe('SUCCEEDED');
    const after = await job(t, 'purge-history-daily');
    expect(after.recentRuns[0]).toMatchObject({ runId: run.runId, outcome: 'SUCCEEDED' });
    // Agenda removes an on-demand run's entry once it completes: the times come from the run ledger.
    expect(after.lastRunAt).toBe(run.startedAt);
    expect(after.lastFinishedAt).not.toBeNull();
    expect(new Date(after.lastFinishedAt!).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());
    if (before.lastFinishedAt) expect(new Date(after.lastFinishedAt!).getTime()).toBeGreaterThan(new Date(before.lastFinishedAt).getTime());
  });

  it('purges expired geolocation cache rows and only those', async () => {
    const orm = t.app.dependencies.database.orm;
    const conn = orm.em.fork().getConnection();
    await t.app.services.geo.geolocateNewIps(['8.8.8.8', '1.1.1.1', '9.9.9.9', '80.80.80.80', '193.0.6.139']);
    const before = Number((await conn.execute<{ n: string }[]>('select count(*) as n from geolocation_cache'))[0]!.n);
    await conn.execute(`update geolocation_cache set expires_at = now() - interval '1 day' where ip in (select ip from geolocation_cache order by ip limit 3)`);
    const run = await runJobAndWait(t, 'purge-geolocation-cache-weekly');
    expect(run.outcome).toBe('SUCCEEDED');
    const after = Number((await conn.execute<{ n: string }[]>('select count(*) as n from geolocation_cache'))[0]!.n);
    expect(before).toBeGreaterThanOrEqual(3);
    expect(after).toBe(before - 3);
  });

  it('names the senders whose names are missing or expired', async () => {
    const conn = t.app.dependencies.database.orm.em.fork().getConnection();
    const count = async (sql: string) => Number((await conn.execute<{ n: string }[]>(sql))[0]!.n);
    await t.app.services.senders.naming.idle();
    const addresses = await count(`select count(distinct source_ip) as n from dmarc_records where date_begin > now() - interval '30 days'`);
    // Some names were never written (an ingest that exited), others expired.
    await conn.execute(`delete from sender_names where ip in (select ip from sender_names order by ip limit 5)`);
    await conn.execute(`update sender_names set expires_at = now() - interval '1 hour' where ip in (select ip from sender_names order by ip desc limit 5)`);
    const run = await runJobAndWait(t, 'name-senders-hourly');
    expect(run.outcome).toBe('SUCCEEDED');
    expect(await count(`select count(*) as n from sender_names where expires_at > now()`)).toBe(addresses);
  });

  it('pre-generates the common heatmaps into the analytics cache', async () => {
    const run = await runJobAndWait(t, 'generate-analytics-cache-daily');
    expect(run.outcome).toBe('SUCCEEDED');
    const conn = t.app.dependencies.database.orm.em.fork().getConnection();
    const rows = await conn.execute<{ n: string }[]>(`select count(*) as n from analytics_cache where kind = 'geo-heatmap'`);
    // 7, 30 and 90 days for all domains and for each of the three domains.
    expect(Number(rows[0]!.n)).toBe(12);
    const heatmap = await t.graphql<{ geoHeatmap: { fromCache: boolean } }>(`{ geoHeatmap(days: 30) { fromCache } }`);
    expect(heatmap.data!.geoHeatmap.fromCache).toBe(true);
  });

  it('pauses and resumes a job; an unknown job is BAD_USER_INPUT', async () => {
    const paused = await t.graphql<{ pauseJob: { paused: boolean } }>(`mutation { pauseJob(name: "detect-anomalies-daily") { paused } }`);
    expect(paused.data!.pauseJob.paused).toBe(true);
    expect((await job(t, 'detect-anomalies-daily')).paused).toBe(true);
    const resumed = await t.graphql<{ resumeJob: { paused: boolean } }>(`mutation { resumeJob(name: "detect-anomalies-daily") { paused } }`);
    expect(resumed.data!.resumeJob.paused).toBe(false);
    const unknown = await t.graphql(`mutation { runJob(name: "no-such-job") { name } }`);
    expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors![0]!.message).toMatch(/unknown job "no-such-job"/);
  });
});
