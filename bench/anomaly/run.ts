/**
 * End-to-end anomaly benchmark: generate ~1M records over ~100k source IPs, bulk-load them into a
 * throw-away embedded PostgreSQL, then time training and one detection run.
 * Usage: npm run build && node dist/bench/anomaly/run.js
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDependencies } from '../../src/app/dependencies.js';
import { createServices } from '../../src/app/services.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { loadConfig } from '../../src/config/config.js';
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

async function timed<T>(rows: [string, string, string][], step: string, action: () => Promise<T> | T, detail: (result: T) => string): Promise<T> {
  const started = performance.now();
  const result = await action();
  rows.push([step, `${((performance.now() - started) / 1000).toFixed(2)} s`, detail(result)]);
  return result;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-bench-anomaly-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as `postgres` when we run as root.
  const pg = await startOrAttachEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() }, logger);
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: pg.url, DATABASE_POOL_MAX: '4', STARTUP_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' });
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  const { orm } = dependencies.database;
  // The service graph every entry point uses.
  const service = createServices(config, dependencies, logger).anomalies;
  const rows: [string, string, string][] = [];
  try {
    await applyPendingMigrations(orm, logger);
    const traffic = await timed(rows, 'generate', () =>
      generateTraffic({ seed: 42, days: 28, providers: 6_000, forwarders: 8_000, mailingLists: 6_000, smallSenders: 80_000, campaign: { ips: 300 } }),
      (t) => `${t.records.length.toLocaleString('en-US')} records, ${t.reports.length.toLocaleString('en-US')} reports, ${Object.values(t.ipCount).reduce((a, b) => a + b, 0).toLocaleString('en-US')} IPs`,
    );
    await timed(rows, 'bulk load', () => loadTraffic(orm.em.fork(), traffic), (r) => `${r.records.toLocaleString('en-US')} records`);
    await orm.em.fork().getConnection().execute('VACUUM ANALYZE dmarc_records');
    const model = await timed(rows, 'train (28 days, 100 trees)', () => service.train({ days: 28, seed: 1 }), (m) => `${m.sampleCount.toLocaleString('en-US')} samples`);
    await service.deploy(model.id);
    const campaign = new Set(traffic.campaignIps);
    await timed(rows, 'detect (7 days)', () => service.detect({ days: 7 }), (r) => {
      const top = r.anomalies.filter((a) => a.kind === 'MODEL').slice(0, campaign.size);
      return `${r.scoredCount.toLocaleString('en-US')} IPs scored, ${r.anomalies.length} anomalies, campaign in top-${campaign.size}: ${top.filter((a) => campaign.has(a.sourceIp)).length}`;
    });
    console.log(`| step | time | detail |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
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
