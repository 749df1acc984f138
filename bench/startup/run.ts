/**
 * Start-up benchmark: how long `dmarc-analytics serve` on the embedded PostgreSQL takes to answer
 * /health/ready, cold (a new data folder: initdb, start, migrations) and warm (existing data), and
 * how long a CLI command takes next to a running server. Usage: npm run bench:startup [-- rounds]
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

const cli = join(projectRoot, 'bin', 'dmarc-analytics.js');
const rounds = Number(process.argv[2] ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function timeToReady(env: NodeJS.ProcessEnv, port: number): Promise<{ ms: number; stop: () => Promise<number> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve'], { env, stdio: 'ignore' });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - started;
  return {
    ms,
    stop: () => {
      const t = performance.now();
      return new Promise((resolve) => {
        child.once('exit', () => resolve(performance.now() - t));
        child.kill('SIGTERM');
      });
    },
  };
}

async function timeCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [cli, ...args], { env, stdio: 'ignore' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)))),
  );
  return performance.now() - started;
}

const results: Record<string, number[]> = { 'cold start (initdb + migrations) to ready': [], 'warm start to ready': [], 'graceful stop': [], '`migrate --status` next to a running server': [], '`--help`': [] };
for (let round = 0; round < rounds; round++) {
  const root = mkdtempSync(join(tmpdir(), 'dmarc-bench-'));
  chmodSync(root, 0o755);
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', PORT: String(port), EMBEDDED_PG_DIR: join(root, 'pg'), EMBEDDED_PG_PORT: String(await freePort()) };
  try {
    const cold = await timeToReady(env, port);
    results['cold start (initdb + migrations) to ready']!.push(cold.ms);
    results['`migrate --status` next to a running server']!.push(await timeCommand(['migrate', '--status'], env));
    results['graceful stop']!.push(await cold.stop());
    const warm = await timeToReady(env, port);
    results['warm start to ready']!.push(warm.ms);
    await warm.stop();
    results['`--help`']!.push(await timeCommand(['--help'], env));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\nStart-up (${rounds} rounds, Node ${process.versions.node}, embedded PostgreSQL)\n`);
console.log('| measure | median ms | min ms | max ms |\n|---|---:|---:|---:|');
for (const [name, xs] of Object.entries(results)) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`);
}
console.log(JSON.stringify({ bench: 'startup', rounds, medians_ms: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Math.round(median(v))])) }));
