import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../src/paths.js';
import { freePort } from './ports.js';

export interface FerretDbServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** The FerretDB binary: FERRETDB_BIN, else .tools/bin/ferretdb, built on first use. */
function ferretDbBinary(): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const bin = join(projectRoot, '.tools', 'bin', 'ferretdb');
  if (!existsSync(bin)) {
    const build = spawnSync('bash', [join(projectRoot, 'scripts', 'install-ferretdb.sh')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('could not build FerretDB (scripts/install-ferretdb.sh); set MONGODB_URL to use another server');
  }
  return bin;
}

/** Starts a throw-away FerretDB (SQLite back end) on a free loopback port. */
export async function startFerretDb(): Promise<FerretDbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-ferretdb-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    ferretDbBinary(),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--state-dir=${dir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `mongodb://127.0.0.1:${port}/`;
  await waitUntilAnswering(url, child, () => stderr);
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}: ${stderr()}`);
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.close();
    }
  }
  throw new Error(`FerretDB did not answer on ${url}: ${stderr()}`);
}
