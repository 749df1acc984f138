import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { spawnCli } from '../support/cli.js';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every log line (JSON) so far. */
  readonly logs: Record<string, unknown>[];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, then waits for the exit: no shutdown code runs. */
  kill(): Promise<void>;
}

/** `dmarc-analytics <args>` (worker or serve) as a real process of its own, its JSON log lines collected. */
export function startProcess(args: string[], env: Record<string, string>): WorkerProcess {
  const child = spawnCli(args, { LOG_LEVEL: 'info', NODE_ENV: 'test', STARTUP_TIMEOUT_MS: '3000', ...env });
  const logs: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => logs.push({ stderr: chunk.toString() }));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, pid: child.pid!, logs, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/** Schedule settings that leave only `job` scheduled, on `cron`. */
export function onlyJob(job: string, cron: string, jobs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of jobs) env[`JOB_${name.toUpperCase().replaceAll('-', '_')}_CRON`] = name === job ? cron : 'off';
  return env;
}

export interface LedgerRow {
  id: string;
  job_name: string;
  slot: Date | null;
  outcome: string;
  worker: string;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  error: string | null;
  progress: number | null;
}

/** A plain connection to the test database, for what the test checks and the faults it makes. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function ledger(db: pg.Client, job: string): Promise<LedgerRow[]> {
  return (await db.query<LedgerRow>(`select * from job_runs where job_name = $1 order by started_at, id`, [job])).rows;
}
