/**
 * How long each scheduled job takes on the 1M-record benchmark data (the traffic of
 * bench/anomaly: ~1M records over ~100k source IPs, 28 days), run through the same runner the
 * scheduler uses (`jobs run`): ledger, heartbeats and all.
 * Usage: npm run build && node dist/bench/jobs/run.js
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobDefinitions } from '../../jobs/index.js';
import { openDependencies } from '../../src/app/dependencies.js';
import { createServices } from '../../src/app/services.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { loadConfig } from '../../src/config/config.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { createLogger } from '../../src/logging/logger.js';

const logger = createLogger({ level: 'warn' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-bench-jobs-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we run as root.
  const pg = await startOrAttachEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() }, logger);
  // No MONGODB_URL: the runner needs no job store; the ledger is in PostgreSQL.
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: pg.url, DATABASE_POOL_MAX: '4', STARTUP_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn', ANOMALY_TRAINING_DAYS: '28' });
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  const rows: string[][] = [];
  try {
    const { orm } = dependencies.database;
    await applyPendingMigrations(orm, logger);
    const traffic = generateTraffic({ seed: 42, days: 28, providers: 6_000, forwarders: 8_000, mailingLists: 6_000, smallSenders: 80_000, campaign: { ips: 300 } });
    const loadStarted = performance.now();
    await loadTraffic(orm.em.fork(), traffic);
    await orm.em.fork().getConnection().execute('VACUUM ANALYZE dmarc_records');
    rows.push(['(bulk load)', `${((performance.now() - loadStarted) / 1000).toFixed(1)} s`, `${traffic.records.length.toLocaleString('en-US')} records`]);
    const services = createServices(config, dependencies, logger);
    // Training first: detection needs the deployed model; purge after the heatmaps filled the cache.
    for (const name of ['train-anomaly-model-weekly', 'detect-anomalies-daily', 'generate-analytics-cache-daily', 'purge-geolocation-cache-weekly']) {
      if (!jobDefinitions.some((d) => d.name === name)) continue;
      const started = performance.now();
      const outcome = await services.jobs.runHere(name);
      rows.push([name, `${((performance.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(outcome.result)]);
    }
    console.log(`| job | time | result |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
  } finally {
    await dependencies.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
