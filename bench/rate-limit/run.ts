/**
 * Rate-limit benchmark: does a well-behaved client keep its latency while another one floods the
 * server? Three processes, so no client's work runs on the server's event loop:
 * - this one: the server (in-process application on an embedded PostgreSQL, loopback only,
 *   logging at `info` like production, into /dev/null);
 * - normal-client.ts: 127.0.0.1, 20 small GraphQL queries a second, each timed (open loop);
 * - abuser.ts: 127.0.0.2 (another client IP), as fast as ABUSE_CONCURRENCY keep-alive connections go.
 * With taskset and two or more CPUs, the server is pinned to CPU 0 and the abuser to CPU 1, so the
 * flood cannot take the server's core (an attacker's CPU is not the server's); the normal client,
 * which needs little CPU, runs wherever the OS puts it (pinned next to the abuser, its own timing
 * would suffer from the abuser's CPU use, not the server's). Measured twice:
 * with a per-IP limit the abuser exceeds at once (the phase under abuse starts at its first 429, so
 * what is measured is how refusing, with its held answers, affects others), and with one never
 * reached (the server without rate limiting). Server CPU is this process's user + system time during the phase under abuse, per
 * request answered (normal and abusive).
 * Usage: npm run bench:rate-limit [-- seconds-per-phase]   (default 5; bounded, stops by itself)
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApplication } from '../../src/app/application.js';
import { loadConfig } from '../../src/config/config.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createLogger } from '../../src/logging/logger.js';
import type { AbuserOptions, AbuserResult } from './abuser.js';
import type { NormalClientOptions, NormalClientResult } from './normal-client.js';

const phaseSeconds = Math.min(Math.max(Number(process.argv[2] ?? 5), 1), 60);
const NORMAL_RATE_PER_SECOND = 20;
const ABUSE_CONCURRENCY = 32;
const logger = createLogger({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
const benchLog = createLogger({ level: 'info' });

/** Pins a process and all its threads to one CPU; false when that is not possible here. */
function pin(pid: number, cpu: number): boolean {
  if (availableParallelism() < 2) return false;
  return spawnSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' }).status === 0;
}

const pinned = pin(process.pid, 0);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Runs a client script in its own process (on `cpu` when pinning) and resolves with its result;
 * `onNotice` hears what it says on the way.
 */
function runClient<I, O>(script: string, input: I, cpu: number | undefined, onNotice: (notice: string) => void = () => {}): Promise<O> {
  const child: ChildProcess = fork(new URL(script, import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  if (pinned && cpu !== undefined && child.pid !== undefined) pin(child.pid, cpu);
  return new Promise((resolve, reject) => {
    child.on('message', (message: { notice?: string; result?: O }) => {
      if (message.notice !== undefined) onNotice(message.notice);
      else resolve(message.result as O);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before answering`)));
    child.send(input as object);
  });
}

const normalClient = async (url: string, seconds: number): Promise<number[]> => {
  const result = await runClient<NormalClientOptions, NormalClientResult>('./normal-client.js', { url, seconds, ratePerSecond: NORMAL_RATE_PER_SECOND }, undefined);
  if (result.refused > 0) throw new Error(`the normal client was refused ${result.refused} times; raise its limit`);
  return result.latencies;
};

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

interface Row {
  readonly scenario: string;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly abuse?: AbuserResult;
  /** Server CPU time over the phase / the phase's wall time. */
  readonly serverCpuShare?: number;
  /** Server CPU time per request answered in the phase (normal and abusive), µs. */
  readonly serverCpuPerRequestUs?: number;
}

async function measure(databaseUrl: string, perIpPerMinute: number, label: string, limited: boolean): Promise<Row[]> {
  const config = loadConfig({
    NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, MIGRATE_ON_START: 'true',
    RATE_LIMIT_PER_MINUTE: String(perIpPerMinute), RATE_LIMIT_USER_PER_MINUTE: String(perIpPerMinute),
  });
  const app = await startApplication(config, logger);
  try {
    const url = `${app.url}/graphql`;
    await normalClient(url, 1); // warm-up: JIT, connections
    const alone = await normalClient(url, phaseSeconds);
    // The abuser starts first and stops last, so the whole normal phase is under abuse. With a
    // limit, the phase starts at its first refusal: the requests it was allowed are not what is
    // measured (without a limit, after a second of flooding).
    let firstRefusal: () => void = () => {};
    const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
    const abuse = runClient<AbuserOptions, AbuserResult>('./abuser.js', { url, seconds: phaseSeconds + 3, concurrency: ABUSE_CONCURRENCY }, 1, firstRefusal);
    await Promise.race([refused, new Promise((resolve) => setTimeout(resolve, limited ? 2_000 : 1_000))]);
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const underAbuse = await normalClient(url, phaseSeconds);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    const abuseResult = await abuse;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const requestsInPhase = underAbuse.length + (abuseResult.total * wallMs) / (abuseResult.seconds * 1000);
    return [
      { scenario: `${label}: normal client alone`, p50: percentile(alone, 50), p95: percentile(alone, 95), p99: percentile(alone, 99) },
      {
        scenario: `${label}: normal client under abuse`,
        p50: percentile(underAbuse, 50),
        p95: percentile(underAbuse, 95),
        p99: percentile(underAbuse, 99),
        abuse: abuseResult,
        serverCpuShare: cpuMs / wallMs,
        serverCpuPerRequestUs: (cpuMs * 1000) / requestsInPhase,
      },
    ];
  } finally {
    await app.stop();
  }
}

const root = mkdtempSync(join(tmpdir(), 'dmarc-bench-rl-'));
// Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(root, 0o755);
const postgres = await startOrAttachEmbeddedPostgres({ dataDir: join(root, 'pg'), port: await freePort() }, benchLog);
const rows: Row[] = [];
try {
  // The normal client sends (1 + 2 * phaseSeconds) * 20 requests per run: well under 1,000 a minute.
  rows.push(...(await measure(postgres.url, 1_000, 'limit 1,000/min', true)));
  rows.push(...(await measure(postgres.url, 100_000_000, 'limit never reached', false)));
} finally {
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}

const placement = pinned ? 'server pinned to CPU 0, abuser to CPU 1, normal client unpinned' : 'not pinned (taskset unavailable or fewer than 2 CPUs)';
console.log(`\nRate limiting: ${phaseSeconds} s per phase; normal client ${NORMAL_RATE_PER_SECOND} req/s from 127.0.0.1; abuser ${ABUSE_CONCURRENCY} keep-alive connections from 127.0.0.2; each client in its own process; ${placement}; server logs at info; Node ${process.versions.node}\n`);
console.log('| scenario | normal p50 ms | normal p95 ms | normal p99 ms | abusive req/s | abusive 429 share | server CPU busy | server CPU µs/request |\n|---|---:|---:|---:|---:|---:|---:|---:|');
const fmt = (x: number | undefined, digits: number, suffix = '') => (x === undefined ? '–' : `${x.toFixed(digits)}${suffix}`);
for (const row of rows) {
  const rate = row.abuse ? row.abuse.total / row.abuse.seconds : undefined;
  const share = row.abuse ? (100 * row.abuse.limited) / row.abuse.total : undefined;
  console.log(`| ${row.scenario} | ${fmt(row.p50, 2)} | ${fmt(row.p95, 2)} | ${fmt(row.p99, 2)} | ${fmt(rate, 0)} | ${fmt(share, 1, ' %')} | ${fmt(row.serverCpuShare && 100 * row.serverCpuShare, 0, ' %')} | ${fmt(row.serverCpuPerRequestUs, 0)} |`);
}
console.log(JSON.stringify({ bench: 'rate-limit', phaseSeconds, pinned, rows }));
