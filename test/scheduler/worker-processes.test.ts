import { hostname } from 'node:os';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobDefinitions } from '../../jobs/index.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { MEMORY_BUS_WARNING } from '../../src/app/worker.js';
import { freePort } from '../support/ports.js';
import { testMongoUrl } from '../support/stores.js';
import { hostAndPort, TcpProxy } from '../support/tcp-proxy.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';
import { connect, ledger, onlyJob, startProcess, type WorkerProcess } from './worker-process.js';

const ALL = jobDefinitions.map((d) => d.name);
const PURGE = 'purge-geolocation-cache-weekly';
const TRAIN = 'train-anomaly-model-weekly';
const workerName = (p: WorkerProcess) => `${hostname()}:${p.pid}`;

// Real worker processes (`dmarc-analytics worker`, `serve`) against real FerretDB and PostgreSQL.
describe('scheduled jobs across processes', { timeout: 120_000 }, () => {
  let t: TestOrm;
  let db: pg.Client;
  const processes: WorkerProcess[] = [];
  const start = (args: string[], env: Record<string, string>) => {
    const p = startProcess(args, env);
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    t = await openTestOrm();
    db = await connect(t.database.url);
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((p) => p.kill()));
    await db.query('delete from job_runs');
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('runs each schedule slot once with two worker processes', async () => {
    const env = { DATABASE_URL: t.database.url, MONGODB_URL: testMongoUrl(), JOBS_PROCESS_EVERY_MS: '100', ...onlyJob(PURGE, '*/2 * * * * *', ALL) };
    const a = start(['worker'], env);
    const b = start(['worker'], env);
    await vi.waitFor(async () => {
      const slots = new Set((await ledger(db, PURGE)).filter((r) => r.outcome === 'SUCCEEDED').map((r) => r.slot!.getTime()));
      if (slots.size < 4) throw new Error(`${slots.size} slots done so far`);
    }, { timeout: 60_000, interval: 200 });
    await Promise.all([a.stop(), b.stop()]);

    const rows = await ledger(db, PURGE);
    const succeeded = rows.filter((r) => r.outcome === 'SUCCEEDED');
    const slots = succeeded.map((r) => r.slot!.getTime());
    // One successful run per slot, on two-second ticks, by the two workers and no one else.
    expect(new Set(slots).size).toBe(succeeded.length);
    for (const slot of slots) expect(slot % 2000).toBe(0);
    expect(new Set(rows.map((r) => r.worker)).size).toBeLessThanOrEqual(2);
    for (const row of rows) expect([workerName(a), workerName(b)]).toContain(row.worker);
    expect(rows.filter((r) => r.outcome === 'FAILED' || r.outcome === 'RUNNING')).toEqual([]);
    // Without REDIS_URL a worker's alerts would reach no subscriber of a server: it says so.
    expect(a.logs).toContainEqual(expect.objectContaining({ level: 40, msg: MEMORY_BUS_WARNING }));
  });

  it('a worker killed mid-training: a live worker keeps its lock, a dead one loses it, and the slot is redone once', async () => {
    await loadTraffic(t.orm.em.fork(), generateTraffic({ seed: 5, days: 28, providers: 60, forwarders: 40, mailingLists: 20, smallSenders: 200 }));
    const env = {
      DATABASE_URL: t.database.url,
      MONGODB_URL: testMongoUrl(),
      JOBS_PROCESS_EVERY_MS: '100',
      JOBS_LOCK_LIFETIME_MS: '1500',
      ANOMALY_TRAINING_DAYS: '28',
      ...onlyJob(TRAIN, '* * * * * *', ALL),
    };
    // Holds the training mid-way: its read of the records waits for this lock.
    const blocker = await connect(t.database.url);
    try {
      await blocker.query('begin');
      await blocker.query('lock table dmarc_records in access exclusive mode');
      const a = start(['worker'], env);
      const first = await vi.waitFor(async () => {
        const running = (await ledger(db, TRAIN)).find((r) => r.outcome === 'RUNNING');
        if (!running?.progress) throw new Error('training not under way yet');
        return running;
      }, { timeout: 30_000, interval: 100 });
      expect(first.worker).toBe(workerName(a));

      const b = start(['worker'], env);
      const bConnectedAt = await vi.waitFor(() => {
        const line = b.logs.find((l) => l.msg === 'job store connected');
        if (!line) throw new Error('worker B not connected yet');
        return new Date(line.time as string).getTime();
      }, { timeout: 30_000, interval: 50 });
      // A's heartbeat (and its Agenda lock) stays fresh for more than two lock lifetimes while B
      // looks for due jobs every 100 ms: B starts nothing.
      await vi.waitFor(async () => {
        const row = (await ledger(db, TRAIN)).find((r) => r.id === first.id)!;
        if (row.heartbeat_at.getTime() < bConnectedAt + 3_200) throw new Error('not two lock lifetimes yet');
      }, { timeout: 30_000, interval: 100 });
      expect((await ledger(db, TRAIN)).map((r) => [r.worker, r.outcome])).toEqual([[workerName(a), 'RUNNING']]);

      await a.kill();
      // Its lock expires; B takes the job over, records A's run as abandoned and redoes A's slot.
      const redo = await vi.waitFor(async () => {
        const rows = await ledger(db, TRAIN);
        const mine = rows.find((r) => r.worker === workerName(b) && r.outcome === 'RUNNING');
        if (!mine) throw new Error('B has not taken over yet');
        return { rows, mine };
      }, { timeout: 30_000, interval: 100 });
      expect(redo.rows.find((r) => r.id === first.id)).toMatchObject({ outcome: 'ABANDONED' });
      expect(redo.mine.slot!.getTime()).toBe(first.slot!.getTime());
      await blocker.query('rollback');

      await vi.waitFor(async () => {
        const row = (await ledger(db, TRAIN)).find((r) => r.id === redo.mine.id)!;
        if (row.outcome !== 'SUCCEEDED') throw new Error(`B's run is ${row.outcome}`);
      }, { timeout: 60_000, interval: 100 });
      await b.kill();
      const models = await db.query<{ n: string }>('select count(*) as n from ml_models where schedule_slot = $1', [first.slot]);
      expect(Number(models.rows[0]!.n)).toBe(1);
    } finally {
      await blocker.end();
    }
  });

  it('MongoDB down at start and later: the API serves, readiness says degraded, the scheduler reconnects and the missed slot runs once', async () => {
    const mongoUrl = testMongoUrl();
    const proxy = await TcpProxy.start(hostAndPort(mongoUrl));
    await proxy.down();
    try {
      const port = await freePort();
      const env = {
        DATABASE_URL: t.database.url,
        MONGODB_URL: proxy.rewrite(mongoUrl),
        PORT: String(port),
        JOBS_PROCESS_EVERY_MS: '100',
        ...onlyJob(PURGE, '*/2 * * * * *', ALL),
      };
      start(['serve'], env);
      const readiness = async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { status: string; error?: string }> } };
      };
      const down = await vi.waitFor(() => readiness(), { timeout: 30_000, interval: 100 });
      expect(down.status).toBe(200);
      expect(down.body.status).toBe('degraded');
      expect(down.body.checks.mongodb!.status).toBe('down');
      expect(down.body.checks.jobs).toMatchObject({ status: 'down', error: expect.stringMatching(/job store \(mongodb\) not reachable/) });
      // The API answers (a wrong login is refused as such, not with a 503).
      const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(email: "nobody@example.com", password: "not the password 1") { token } }' }),
      });
      expect(((await login.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');

      await proxy.up();
      await vi.waitFor(async () => expect((await readiness()).body).toMatchObject({ status: 'ok', checks: { mongodb: { status: 'up' }, jobs: { status: 'up' } } }), { timeout: 30_000, interval: 200 });
      const last = await vi.waitFor(async () => {
        const done = (await ledger(db, PURGE)).filter((r) => r.outcome === 'SUCCEEDED');
        if (done.length === 0) throw new Error('no run yet');
        return done.at(-1)!;
      }, { timeout: 30_000, interval: 100 });

      await proxy.down();
      await vi.waitFor(async () => expect((await readiness()).body.checks.jobs!.status).toBe('down'), { timeout: 15_000, interval: 100 });
      // Two slots pass while the job store is away.
      const cutAt = Date.now();
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Math.max(cutAt, last.slot!.getTime() + 2_000) + 4_000), { timeout: 10_000, interval: 100 });
      const duringOutage = (await ledger(db, PURGE)).filter((r) => r.started_at.getTime() > cutAt + 500);
      expect(duringOutage).toEqual([]);

      const backAt = Date.now();
      await proxy.up();
      const catchUp = await vi.waitFor(async () => {
        const after = (await ledger(db, PURGE)).filter((r) => r.outcome === 'SUCCEEDED' && r.started_at.getTime() >= backAt);
        if (after.length === 0) throw new Error('no run since MongoDB came back');
        return after[0]!;
      }, { timeout: 30_000, interval: 100 });
      // One run for the missed slots: the latest one, not one per missed slot.
      const rows = await ledger(db, PURGE);
      const missedRuns = rows.filter((r) => r.slot!.getTime() > last.slot!.getTime() && r.slot!.getTime() < catchUp.slot!.getTime());
      expect(missedRuns).toEqual([]);
      expect(catchUp.slot!.getTime()).toBeGreaterThanOrEqual(last.slot!.getTime() + 4_000);
    } finally {
      await proxy.down();
    }
  });
});
