import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';

export const cliPath = join(projectRoot, 'bin', 'dmarc-analytics.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Node's compile cache for the children: the suite starts the CLI about a hundred times, and each
 * start compiles the same dist/ modules again without it (keyed by file content, so a rebuild is
 * picked up).
 */
const compileCache = join(tmpdir(), 'dmarc-analytics-test-compile-cache');

/** Environment for a CLI child: none of the developer's own settings leak in. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', NODE_COMPILE_CACHE: compileCache, ...env };
}

/** Runs `dmarc-analytics <args>` to completion (the built CLI, as a user would). */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliResult> {
  const started = Date.now();
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dmarc-analytics ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], { env: cleanEnv(env), cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}
