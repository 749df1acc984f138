/**
 * The demo as a newcomer runs it, timed: `dmarc-analytics demo` on a fresh data folder (the cluster
 * made, migrations applied, a month of traffic ingested, a model trained, detection run), then
 * again (nothing to add), then `demo --reset`. Prints the machine it ran on (cores, CPU, load) with
 * the figures, for the README's prose. Usage: npm run bench:demo [-- rounds]
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

const cli = join(projectRoot, 'bin', 'dmarc-analytics.js');
const rounds = Number(process.argv[2] ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function timeDemo(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    spawn(process.execPath, [cli, 'demo', ...args], { env, stdio: 'ignore' }).on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`demo ${args.join(' ')} exited with ${code}`)),
    ),
  );
}

const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');
const loadBefore = load();
const results: Record<string, number[]> = { 'first run, fresh data folder': [], 'second run (adds nothing)': [], '`demo --reset`': [] };
for (let round = 0; round < rounds; round++) {
  const root = mkdtempSync(join(tmpdir(), 'dmarc-bench-demo-'));
  chmodSync(root, 0o755); // PostgreSQL runs as the `postgres` user when we are root
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(await freePort()), EMBEDDED_PG_DIR: join(root, 'pg'), EMBEDDED_PG_PORT: String(await freePort()) };
  try {
    results['first run, fresh data folder']!.push(await timeDemo([], env));
    results['second run (adds nothing)']!.push(await timeDemo([], env));
    results['`demo --reset`']!.push(await timeDemo(['--reset'], env));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
console.log(`\nThe demo (${rounds} rounds, Node ${process.versions.node}, embedded PostgreSQL)`);
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadBefore} before, ${load()} after\n`);
console.log('| run | median s | min s | max s |\n|---|---:|---:|---:|');
for (const [name, xs] of Object.entries(results)) console.log(`| ${name} | ${seconds(median(xs))} | ${seconds(Math.min(...xs))} | ${seconds(Math.max(...xs))} |`);
