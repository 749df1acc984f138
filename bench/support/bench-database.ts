import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDependencies, type Dependencies } from '../../src/app/dependencies.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import type { Logger } from '../../src/logging/logger.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export interface BenchDatabase {
  readonly config: Config;
  readonly dependencies: Dependencies;
  close(): Promise<void>;
}

/**
 * A throw-away embedded PostgreSQL, migrated, with the application's dependencies opened on it
 * (no MongoDB): what the benchmarks build their service graph (buildServiceGraph) from.
 */
export async function startBenchDatabase(logger: Logger, env: Record<string, string> = {}): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-bench-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we run as root.
  const pg = await startOrAttachEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() }, logger);
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: pg.url, DATABASE_POOL_MAX: '4', STARTUP_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn', ...env });
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  await applyPendingMigrations(dependencies.database.orm, logger);
  return {
    config,
    dependencies,
    async close() {
      await dependencies.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
