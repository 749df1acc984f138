/**
 * Rate-limit benchmark: does a well-behaved client keep its latency while another one hammers the
 * server? The server runs in-process on an embedded PostgreSQL, loopback only. The normal client
 * (127.0.0.1) sends a small GraphQL query 20 times a second; the abusive one binds 127.0.0.2 as its
 * source address, so it is a different client IP, and sends as fast as `ABUSE_CONCURRENCY`
 * connections allow, from a worker thread (abuser.ts). Measured twice: with the limit the abuser exceeds at once, and with a limit so
 * high it is never reached (what the server would do without rate limiting).
 * Usage: npm run bench:rate-limit [-- seconds-per-phase]   (default 5; bounded, stops by itself)
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startApplication } from '../../src/app/application.js';
import { loadConfig } from '../../src/config/config.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createLogger } from '../../src/logging/logger.js';
import type { AbuserOptions, AbuserResult } from './abuser.js';

const phaseSeconds = Math.min(Math.max(Number(process.argv[2] ?? 5), 1), 60);
const NORMAL_RATE_PER_SECOND = 20;
const ABUSE_CONCURRENCY = 32;
const ABUSE_MAX_REQUESTS = 500_000;
const body = JSON.stringify({ query: '{ __typename }' });
const logger = createLogger({ level: 'error' });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One POST /graphql; resolves with the status and the latency in ms. */
function post(url: URL, agent: Agent, localAddress: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** 20 requests a second, each timed, whether or not the previous one has answered (open loop). */
async function normalClient(url: URL, seconds: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, localAddress: '127.0.0.1' });
  const pending: Promise<{ status: number; ms: number }>[] = [];
  const interval = 1000 / NORMAL_RATE_PER_SECOND;
  const start = performance.now();
  for (let i = 0; i < seconds * NORMAL_RATE_PER_SECOND; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(url, agent, '127.0.0.1'));
  }
  const results = await Promise.all(pending);
  agent.destroy();
  const refused = results.filter((r) => r.status !== 200).length;
  if (refused > 0) throw new Error(`the normal client was refused ${refused} times; raise its limit`);
  return results.map((r) => r.ms);
}

/** Starts the abusive client in a worker thread; resolves with its counts when it stops by itself. */
function abusiveClient(url: URL, seconds: number): Promise<AbuserResult> {
  const options: AbuserOptions = { url: url.href, seconds, concurrency: ABUSE_CONCURRENCY, maxRequests: ABUSE_MAX_REQUESTS };
  const worker = new Worker(new URL('./abuser.js', import.meta.url), { workerData: options });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: AbuserResult) => resolve(result));
    worker.once('error', reject);
  });
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

interface Row { readonly scenario: string; readonly p50: number; readonly p95: number; readonly abuse?: AbuserResult }

async function measure(databaseUrl: string, perIpPerMinute: number, label: string): Promise<Row[]> {
  const config = loadConfig({
    NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'error', DATABASE_URL: databaseUrl, MIGRATE_ON_START: 'true',
    RATE_LIMIT_PER_MINUTE: String(perIpPerMinute), RATE_LIMIT_USER_PER_MINUTE: String(perIpPerMinute),
  });
  const app = await startApplication(config, logger);
  try {
    const url = new URL(`${app.url}/graphql`);
    await normalClient(url, 1); // warm-up: JIT, connection, first queries
    const alone = await normalClient(url, phaseSeconds);
    // The abuser runs slightly longer than the normal client, so the whole phase is under abuse.
    const abuse = abusiveClient(url, phaseSeconds + 0.5);
    const underAbuse = await normalClient(url, phaseSeconds);
    const abuseResult = await abuse;
    return [
      { scenario: `${label}: normal client alone`, p50: percentile(alone, 50), p95: percentile(alone, 95) },
      { scenario: `${label}: normal client under abuse`, p50: percentile(underAbuse, 50), p95: percentile(underAbuse, 95), abuse: abuseResult },
    ];
  } finally {
    await app.stop();
  }
}

const root = mkdtempSync(join(tmpdir(), 'dmarc-bench-rl-'));
// Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(root, 0o755);
const postgres = await startOrAttachEmbeddedPostgres({ dataDir: join(root, 'pg'), port: await freePort() }, logger);
const rows: Row[] = [];
try {
  // The normal client sends (1 + 2 * phaseSeconds) * 20 requests per run: well under 1,000 a minute.
  rows.push(...(await measure(postgres.url, 1_000, 'limit 1,000/min')));
  rows.push(...(await measure(postgres.url, 100_000_000, 'limit never reached')));
} finally {
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}

console.log(`\nRate limiting (${phaseSeconds} s per phase, normal client ${NORMAL_RATE_PER_SECOND} req/s, abuser ${ABUSE_CONCURRENCY} connections, Node ${process.versions.node})\n`);
console.log('| scenario | normal p50 ms | normal p95 ms | abusive requests | abusive req/s | abusive 429 share |\n|---|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const abuse = row.abuse ? `${row.abuse.total} | ${(row.abuse.total / row.abuse.seconds).toFixed(0)} | ${((100 * row.abuse.limited) / row.abuse.total).toFixed(1)} %` : '– | – | –';
  console.log(`| ${row.scenario} | ${row.p50.toFixed(2)} | ${row.p95.toFixed(2)} | ${abuse} |`);
}
console.log(JSON.stringify({ bench: 'rate-limit', phaseSeconds, rows }));
