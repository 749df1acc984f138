import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './cli.js';

export interface RunningServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  readonly log: () => string;
}

/** `dmarc-analytics serve` as a process of its own, on env.PORT; resolves once it logged that it is ready. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const child = spawnCli(['serve'], env);
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + 30_000;
  while (!log.includes('dmarc-analytics is ready')) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`serve did not become ready:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, log: () => log };
}

/** SIGTERM, then the exit code. */
export function stopServer(server: RunningServer): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => {
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}
