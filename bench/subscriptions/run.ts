/**
 * Live alerts to many subscribers (issue #10): 10,000 concurrent authenticated WebSocket
 * subscribers with mixed filters, one detection run raising 100 alerts, on this machine.
 *
 * Measured for each target, in one run:
 * - delivery latency p50/p95/p99/max, from the moment each alert is published by the server
 *   process that raised it to its arrival at the subscriber (clocks of one machine);
 * - every delivery checked: missing, repeated and unmatched deliveries are counted;
 * - memory per idle subscribed connection: server RSS (after GC) with every subscriber connected
 *   minus RSS before, divided by the connections;
 * - the time from the start of the run's alert step to its last delivery, and the CPU the run
 *   costs the servers and the clients (what the latency is made of, whatever the machine's load);
 * - after 10,000 connect/subscribe/disconnect cycles, RSS and heap against a baseline taken after a
 *   warm-up of the same cycles (see churn.ts), with a sample after every fifth of them;
 * - pass/fail against each target of the issue, for every row.
 * Targets: our server (one instance, in-memory bus), our server as two instances sharing Redis
 * (5,000 subscribers each; alerts raised on the first), and a bare graphql-ws server (no auth, no
 * filter: every subscriber gets every alert) as the reference.
 *
 * Then, as peers measure live delivery (broadcast.ts), for our server and the bare one:
 * - one alert to every subscriber: p50/p95/p99 from its publication to each arrival, each delivery
 *   carrying its own send time (the alert's createdAt, set at publication);
 * - capacity, the websocket-shootout method: subscribers added 1,000 at a time, 10 broadcasts at
 *   each step; the largest count whose broadcast p95 stays under 250 ms;
 * - server CPU per delivery, for the one-alert broadcasts and for the 100-alert run above.
 *
 * Every process is separate: each server, and 4 client processes holding the sockets (a server
 * process never shares its event loop with clients). Loopback only; every wait is bounded.
 * Usage: npm run bench:subscriptions [-- subscribers]   (default 10000, at most 10000: the open-file limit)
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createLogger } from '../../src/logging/logger.js';
import { measureBroadcast, printBroadcastTable, type BroadcastRow } from './broadcast.js';
import { churn, CHURN_ROUNDS, CHURN_WARMUP_CYCLES, type ChurnResult } from './churn.js';
import { percentile, serversCpu, sleep, startClients, startServer, sum, type RunningServer, type ServerChild } from './processes.js';
import { CONNECTIONS_PER_KEY, type ClientCommand, type ClientReply, type PublishedAlert, type ServerReply } from './workload.js';

const SUBSCRIBERS = Math.min(Math.max(Number(process.argv[2] ?? 10_000), 100), 10_000);
const CLIENT_PROCESSES = 4;
const CHURN_CYCLES = SUBSCRIBERS;
const CHURN_CONCURRENCY = 25;
// The bare server executes every alert for every subscriber: a million messages take minutes here.
const COLLECT_TIMEOUT_MS = 90_000;
const benchLog = createLogger({ level: 'info' });

export interface TargetRow {
  readonly target: string;
  readonly connections: number;
  readonly failedConnections: number;
  readonly connectSeconds: number;
  readonly bytesPerConnection: number;
  readonly deliveries: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly unexpected: number;
  readonly raiseMs: number;
  /** From the start of the run's alert step to the last delivery anywhere: the whole run, end to end. */
  readonly runToLastDeliveryMs: number;
  /** CPU the run cost: all servers from before the raise to the end of the collection, and all client processes receiving and checking. */
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Server RSS (all servers of the target) before any subscriber connected and with all of them connected. */
  readonly rssStart: number;
  readonly rssConnected: number;
  readonly churn: ChurnResult;
}

async function memory(server: ServerChild): Promise<Extract<ServerReply, { type: 'memory' }>> {
  const reply = await server.ask({ type: 'memory' });
  if (reply.type !== 'memory') throw new Error('expected memory');
  benchLog.info({ server: server.name, rssMb: mib(reply.rss), rssAnonMb: reply.rssAnon === null ? null : mib(reply.rssAnon), heapTotalMb: mib(reply.heapTotal), heapUsedMb: mib(reply.heapUsed), externalMb: mib(reply.external) }, 'memory');
  return reply;
}

/** Bytes as MiB with one decimal, for the log. */
const mib = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

/**
 * One target: `servers` share the subscribers evenly (client processes split between them); the
 * alerts are raised on the first.
 */
async function measure(target: string, servers: readonly RunningServer[], options: { withFilter: boolean }): Promise<TargetRow> {
  const { withFilter } = options;
  const perProcess = SUBSCRIBERS / CLIENT_PROCESSES;
  const clients = await startClients(Array.from({ length: CLIENT_PROCESSES }, (_, i) => {
    const server = servers[i % servers.length]!;
    // Keys live in the shared database: the first server's work on every instance.
    return { url: server.url, first: i * perProcess, count: perProcess, apiKeys: servers[0]!.apiKeys, withFilter, subscribe: servers[0]!.subscriptions };
  }));
  const askAll = (command: ClientCommand, timeoutMs?: number) => Promise.all(clients.map((client) => client.ask(command, timeoutMs)));
  try {
    // Warm-up (JIT, pools), then the baseline.
    await askAll({ type: 'churn', cycles: 50, concurrency: 10 });
    await sleep(500);
    const before = await Promise.all(servers.map((server) => memory(server.child)));

    benchLog.info({ target, subscribers: SUBSCRIBERS }, 'connecting');
    const connectStarted = performance.now();
    const connected = (await askAll({ type: 'connect' }, 300_000)) as Extract<ClientReply, { type: 'connected' }>[];
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const connections = sum(connected.map((reply) => reply.connected));
    const failedConnections = sum(connected.map((reply) => reply.failed));
    if (failedConnections > 0) benchLog.warn({ errors: connected.flatMap((reply) => reply.errors) }, 'connections failed');
    await sleep(2_000);
    const idle = await Promise.all(servers.map((server) => memory(server.child)));
    const bytesPerConnection = (sum(idle.map((m) => m.rss)) - sum(before.map((m) => m.rss))) / Math.max(connections, 1);

    let raiseMs = Number.NaN;
    let runToLastDeliveryMs = Number.NaN;
    let serverCpuMs = Number.NaN;
    let collected: Extract<ClientReply, { type: 'collected' }>[] = [];
    if (servers[0]!.subscriptions) {
      benchLog.info({ target, connections }, 'raising alerts');
      const cpuBefore = await serversCpu(servers);
      const raised = await servers[0]!.child.ask({ type: 'raise' }, 120_000);
      if (raised.type !== 'raised') throw new Error('expected raised');
      raiseMs = raised.runMs;
      const alerts: readonly PublishedAlert[] = raised.alerts;
      collected = (await askAll({ type: 'collect', alerts, timeoutMs: COLLECT_TIMEOUT_MS }, COLLECT_TIMEOUT_MS + 30_000)) as Extract<ClientReply, { type: 'collected' }>[];
      serverCpuMs = (await serversCpu(servers)) - cpuBefore;
      runToLastDeliveryMs = Math.max(...collected.map((reply) => reply.lastArrivalAt).filter(Number.isFinite)) - raised.startedAt;
    }
    const latencies = collected.flatMap((reply) => reply.latencies).sort((a, b) => a - b);

    benchLog.info({ target }, 'disconnecting');
    await askAll({ type: 'disconnect' });
    benchLog.info({ target, cycles: CHURN_CYCLES }, 'churning');
    const churned = await churn({
      cycles: CHURN_CYCLES,
      concurrency: CHURN_CONCURRENCY,
      clients: CLIENT_PROCESSES,
      askAll,
      memory: async () => {
        const samples = await Promise.all(servers.map((server) => memory(server.child)));
        return { rss: sum(samples.map((m) => m.rss)), heapUsed: sum(samples.map((m) => m.heapUsed)) };
      },
      settle: async () => {
        await sleep(2_000);
      },
    });
    if (churned.failed > 0) benchLog.warn({ errors: churned.errors }, 'churn cycles failed');
    benchLog.info({ target, baseline: churned.baseline, rounds: churned.rounds }, 'churn done');

    return {
      target, connections, failedConnections, connectSeconds, bytesPerConnection,
      deliveries: latencies.length,
      missing: sum(collected.map((reply) => reply.missing)),
      duplicates: sum(collected.map((reply) => reply.duplicates)),
      unexpected: sum(collected.map((reply) => reply.unexpected)),
      raiseMs, runToLastDeliveryMs, serverCpuMs, clientCpuMs: sum(collected.map((reply) => reply.cpuMs)),
      p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN,
      rssStart: sum(before.map((m) => m.rss)),
      rssConnected: sum(idle.map((m) => m.rss)),
      churn: churned,
    };
  } finally {
    await Promise.all(clients.map((client) => client.process.kill()));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A throw-away Redis on loopback, without persistence; stopped with the bench. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer();
      socket.once('error', () => resolve(true));
      socket.listen(port, '127.0.0.1', () => socket.close(() => resolve(false)));
    });
    if (up) break;
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The issue's targets (#10), each checked for every row. */
const TARGETS = {
  p99Ms: 250,
  bytesPerConnection: 32 * 1024,
  rssAfterChurnPercent: 105,
} as const;

function verdicts(row: TargetRow): string {
  const last = row.churn.rounds.at(-1);
  const check = (ok: boolean) => (ok ? 'pass' : 'FAIL');
  const clean = row.missing === 0 && row.duplicates === 0 && row.unexpected === 0 && row.failedConnections === 0 && row.churn.failed === 0;
  return [
    `p99 ≤ ${TARGETS.p99Ms} ms: ${check(row.p99 <= TARGETS.p99Ms)}`,
    `≤ 32 KB/connection: ${check(row.bytesPerConnection <= TARGETS.bytesPerConnection)}`,
    `RSS after churn ≤ ${TARGETS.rssAfterChurnPercent} %: ${check(last !== undefined && last.rssPercent <= TARGETS.rssAfterChurnPercent)}`,
    `every delivery and cycle exactly once: ${check(clean)}`,
  ].join('; ');
}

export function printTable(rows: readonly TargetRow[]): void {
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const pct = (x: number) => `${x.toFixed(1)} %`;
  console.log(`\nLive alerts: ${SUBSCRIBERS.toLocaleString('en')} WebSocket subscribers in ${CLIENT_PROCESSES} client processes, one detection run of 100 alerts, ${CHURN_CYCLES.toLocaleString('en')} churn cycles; Node ${process.versions.node}, loopback; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (servers and clients share the machine's cores)\n`);
  console.log('| target | connections | memory / idle connection | deliveries | missing / repeated / unmatched | raise ms | run → last delivery ms | CPU ms servers / clients | p50 ms | p95 ms | p99 ms | max ms | RSS / heap after churn | RSS after each fifth of the churn | server RSS: start → connected → churn baseline |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const failed = row.failedConnections ? ` (${row.failedConnections} failed)` : '';
    const last = row.churn.rounds.at(-1);
    const churned = last ? `${pct(last.rssPercent)} / ${pct(last.heapPercent)}${row.churn.failed ? ` (${row.churn.failed} cycles failed)` : ''}` : 'not run';
    const series = row.churn.rounds.map((round) => round.rssPercent.toFixed(1)).join(' → ');
    console.log(`| ${row.target} | ${row.connections.toLocaleString('en')}${failed} in ${row.connectSeconds.toFixed(1)} s | ${(row.bytesPerConnection / 1024).toFixed(1)} KB | ${row.deliveries.toLocaleString('en')} | ${row.missing} / ${row.duplicates} / ${row.unexpected} | ${ms(row.raiseMs)} | ${ms(row.runToLastDeliveryMs)} | ${row.serverCpuMs.toFixed(0)} / ${row.clientCpuMs.toFixed(0)} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} | ${ms(row.max)} | ${churned} | ${series} % | ${mb(row.rssStart)} → ${mb(row.rssConnected)} → ${mb(row.churn.baseline.rss)} |`);
  }
  console.log('\nAgainst the targets of issue #10 (the bare graphql-ws server is the reference, checked the same way):');
  for (const row of rows) console.log(`- ${row.target}: ${verdicts(row)}`);
  console.log(`\nMissing deliveries are those not received ${COLLECT_TIMEOUT_MS / 1000} s after the run; the percentiles cover the deliveries received.`);
  console.log('Latency: from the publication of the run\'s alerts by the raising process (when its own bus subscription hears them) to their arrival at the subscriber. "raise ms": the detection run\'s alert step (store in one transaction, publish as one message, tell the listeners); "run → last delivery": from the start of that step to the last delivery to any subscriber. "CPU ms": CPU time the run cost the servers (raise to end of collection) and the client processes (receiving and checking every delivery), which does not depend on what else runs: on a 2-core machine, the last delivery cannot come before about (servers + clients) / 2.');
  console.log(`Churn: after the subscribers have left, ${CHURN_WARMUP_CYCLES.toLocaleString('en')} warm-up cycles, then two full GCs and the baseline (RSS and V8 heap used, summed over the target's servers); then ${CHURN_CYCLES.toLocaleString('en')} connect/authenticate/subscribe/disconnect cycles (${CHURN_CONCURRENCY * CLIENT_PROCESSES} at a time) in ${CHURN_ROUNDS} rounds, two full GCs after each; "RSS / heap after churn" is the last round against the baseline. Two instances share the cycles.`);
  console.log(JSON.stringify({ bench: 'subscriptions', subscribers: SUBSCRIBERS, rows }));
}

const rows: TargetRow[] = [];
const broadcastRows: BroadcastRow[] = [];
const loadAtStart = loadavg()[0]!;
const root = mkdtempSync(join(tmpdir(), 'dmarc-bench-subs-'));
chmodSync(root, 0o755);
const postgres = await startOrAttachEmbeddedPostgres({ dataDir: join(root, 'pg'), port: await freePort() }, benchLog);
const redis = await startRedis();
const started: ServerChild[] = [];
try {
  const keys = String(SUBSCRIBERS / CONNECTIONS_PER_KEY);
  const ours = await startServer('./our-server.js', { DATABASE_URL: postgres.url, BENCH_API_KEYS: keys, BENCH_RUN_BASE: '0' }, 'our server');
  started.push(ours.child);
  rows.push(await measure('ours, one instance', [ours], { withFilter: true }));
  broadcastRows.push(await measureBroadcast('ours, one instance', ours, { subscribers: SUBSCRIBERS, clientProcesses: CLIENT_PROCESSES }));
  await ours.child.stop();

  const redisA = await startServer('./our-server.js', { DATABASE_URL: postgres.url, REDIS_URL: redis.url, BENCH_API_KEYS: keys, BENCH_RUN_BASE: '100' }, 'our server A');
  started.push(redisA.child);
  const redisB = await startServer('./our-server.js', { DATABASE_URL: postgres.url, REDIS_URL: redis.url, BENCH_API_KEYS: '0', BENCH_RUN_BASE: '200' }, 'our server B');
  started.push(redisB.child);
  rows.push(await measure('ours, two instances through Redis (alerts raised on A)', [redisA, redisB], { withFilter: true }));
  await Promise.all([redisA.child.stop(), redisB.child.stop()]);

  const bare = await startServer('./bare-server.js', {}, 'bare server');
  started.push(bare.child);
  rows.push(await measure('bare graphql-ws (no auth, no filter)', [bare], { withFilter: false }));
  broadcastRows.push(await measureBroadcast('bare graphql-ws (no auth, no filter)', bare, { subscribers: SUBSCRIBERS, clientProcesses: CLIENT_PROCESSES }));
  await bare.child.stop();
} finally {
  await Promise.all(started.map((child) => child.stop()));
  await redis.stop();
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
}
printTable(rows);
printBroadcastTable(broadcastRows, rows, { subscribers: SUBSCRIBERS, loadAtStart });
