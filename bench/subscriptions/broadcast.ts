/**
 * Live delivery measured the way peers measure it: one alert broadcast to every subscriber, and
 * capacity by the websocket-shootout method (hashrocket/websocket-shootout: subscribers added a
 * step at a time, a sample of broadcasts at each step, the largest count whose broadcast p95 stays
 * under a limit).
 *
 * Each broadcast is one alert every subscriber receives (BROADCAST_SUBSCRIPTION: no filter). The
 * server sets its `createdAt` at the moment it publishes it, so every delivery carries its own
 * send time and the receiving client computes that delivery's latency itself: per delivery, not
 * per run, and without the runner's clock in between. Broadcasts go one at a time: the next is
 * published once the previous one reached every subscriber (or timed out).
 */
import { loadavg } from 'node:os';
import { percentile, serversCpu, sleep, startClients, sum, type RunningServer } from './processes.js';
import type { ClientCommand, ClientReply } from './workload.js';

/** Subscribers added at each capacity step (the websocket-shootout default). */
export const BROADCAST_STEP = 1_000;
/** Broadcasts sampled at each step, after one to warm up. */
export const BROADCASTS_PER_STEP = 10;
/** The capacity limit: a broadcast's p95 from publication to arrival. */
export const CAPACITY_P95_MS = 250;
const COLLECT_TIMEOUT_MS = 30_000;

export interface BroadcastStep {
  readonly subscribers: number;
  readonly deliveries: number;
  readonly missing: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Server CPU over the step's sampled broadcasts, per delivery. */
  readonly serverCpuMicrosPerDelivery: number;
}

export interface BroadcastRow {
  readonly target: string;
  readonly steps: readonly BroadcastStep[];
  /** The largest step up to which every step's p95 stayed under CAPACITY_P95_MS; 0 when the first did not. */
  readonly capacity: number;
  readonly failedConnections: number;
}

/** Steps of BROADCAST_STEP up to `subscribers` (one step of `subscribers` when it is smaller). */
function stepsUpTo(subscribers: number): number[] {
  const steps: number[] = [];
  for (let n = BROADCAST_STEP; n <= subscribers; n += BROADCAST_STEP) steps.push(n);
  return steps.length > 0 ? steps : [subscribers];
}

export async function measureBroadcast(target: string, server: RunningServer, options: { subscribers: number; clientProcesses: number }): Promise<BroadcastRow> {
  const { subscribers, clientProcesses } = options;
  const perProcess = subscribers / clientProcesses;
  const clients = await startClients(Array.from({ length: clientProcesses }, (_, i) => ({
    url: server.url, first: i * perProcess, count: perProcess, apiKeys: server.apiKeys, withFilter: false, subscribe: true, mode: 'broadcast' as const,
  })));
  const askAll = (command: ClientCommand, timeoutMs?: number) => Promise.all(clients.map((client) => client.ask(command, timeoutMs)));
  const broadcastOnce = async () => {
    const reply = await server.child.ask({ type: 'broadcast' });
    if (reply.type !== 'broadcasted') throw new Error(`expected broadcasted, got ${reply.type}`);
    const collected = (await askAll({ type: 'collectBroadcast', ids: [reply.id], timeoutMs: COLLECT_TIMEOUT_MS }, COLLECT_TIMEOUT_MS + 30_000)) as Extract<ClientReply, { type: 'broadcastCollected' }>[];
    return { latencies: collected.flatMap((c) => c.latencies), missing: sum(collected.map((c) => c.missing)) };
  };
  const steps: BroadcastStep[] = [];
  let failedConnections = 0;
  try {
    for (const step of stepsUpTo(subscribers)) {
      const connected = (await askAll({ type: 'connectUpTo', count: Math.round(step / clientProcesses) }, 300_000)) as Extract<ClientReply, { type: 'connected' }>[];
      failedConnections = sum(connected.map((c) => c.failed));
      await sleep(500);
      await broadcastOnce();
      const cpuBefore = await serversCpu([server]);
      const latencies: number[] = [];
      let missing = 0;
      for (let i = 0; i < BROADCASTS_PER_STEP; i++) {
        const one = await broadcastOnce();
        latencies.push(...one.latencies);
        missing += one.missing;
      }
      const cpuMs = (await serversCpu([server])) - cpuBefore;
      latencies.sort((a, b) => a - b);
      const row: BroadcastStep = {
        subscribers: sum(connected.map((c) => c.connected)), deliveries: latencies.length, missing,
        p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN,
        serverCpuMicrosPerDelivery: (cpuMs * 1000) / Math.max(1, latencies.length),
      };
      steps.push(row);
      console.error(JSON.stringify({ bench: 'subscriptions broadcast', target, ...row, load: loadavg()[0] }));
    }
    await askAll({ type: 'disconnect' });
  } finally {
    await Promise.all(clients.map((client) => client.process.kill()));
  }
  let capacity = 0;
  for (const step of steps) {
    if (!(step.p95 < CAPACITY_P95_MS) || step.missing > 0) break;
    capacity = step.subscribers;
  }
  return { target, steps, capacity, failedConnections };
}

/** The three figures peers compare, and the 100-alert run's CPU per delivery next to them. */
export function printBroadcastTable(
  rows: readonly BroadcastRow[],
  burst: readonly { readonly target: string; readonly serverCpuMs: number; readonly deliveries: number }[],
  context: { readonly subscribers: number; readonly loadAtStart: number },
): void {
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  const micros = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} µs` : '–');
  console.log(`\nOne alert to every subscriber, ${BROADCASTS_PER_STEP} broadcasts per step, latency from publication to arrival per delivery (send time carried in each delivery); Node ${process.versions.node}, loopback, 4 client processes on the same machine; load average ${context.loadAtStart.toFixed(1)} at the start of the run, ${loadavg()[0]!.toFixed(1)} now\n`);
  console.log(`| target | subscribers | deliveries | missing | p50 ms | p95 ms | p99 ms | max ms | server CPU per delivery, one alert | server CPU per delivery, 100-alert run | capacity (p95 < ${CAPACITY_P95_MS} ms, steps of ${BROADCAST_STEP.toLocaleString('en')}) |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const full = row.steps.at(-1)!;
    const run = burst.find((b) => b.target === row.target);
    const runMicros = run ? (run.serverCpuMs * 1000) / Math.max(1, run.deliveries) : Number.NaN;
    const capacity = row.capacity >= context.subscribers ? `≥ ${row.capacity.toLocaleString('en')} (all steps)` : row.capacity.toLocaleString('en');
    console.log(`| ${row.target} | ${full.subscribers.toLocaleString('en')} | ${full.deliveries.toLocaleString('en')} | ${full.missing} | ${ms(full.p50)} | ${ms(full.p95)} | ${ms(full.p99)} | ${ms(full.max)} | ${micros(full.serverCpuMicrosPerDelivery)} | ${micros(runMicros)} | ${capacity} |`);
  }
  console.log('\nCapacity steps (broadcast p95 ms at each subscriber count):\n');
  const counts = [...new Set(rows.flatMap((row) => row.steps.map((step) => step.subscribers)))].sort((a, b) => a - b);
  console.log(`| subscribers | ${rows.map((row) => row.target).join(' | ')} |`);
  console.log(`|---:|${rows.map(() => '---:').join('|')}|`);
  for (const count of counts) {
    console.log(`| ${count.toLocaleString('en')} | ${rows.map((row) => ms(row.steps.find((step) => step.subscribers === count)?.p95 ?? Number.NaN)).join(' | ')} |`);
  }
  const ours = rows.find((row) => row.target.startsWith('ours'));
  const bare = rows.find((row) => row.target.startsWith('bare'));
  if (ours && bare) {
    const ratio = bare.steps.at(-1)!.serverCpuMicrosPerDelivery / ours.steps.at(-1)!.serverCpuMicrosPerDelivery;
    console.log(`\nServer CPU per delivery of one alert: ours ${micros(ours.steps.at(-1)!.serverCpuMicrosPerDelivery)}, the bare graphql-ws server ${micros(bare.steps.at(-1)!.serverCpuMicrosPerDelivery)} (${ratio.toFixed(1)}x).`);
  }
  console.log(JSON.stringify({ bench: 'subscriptions broadcast', subscribers: context.subscribers, rows }));
}
