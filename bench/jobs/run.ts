/**
 * How long each scheduled job takes on the 1M-record benchmark data (the traffic of
 * bench/anomaly: ~1M records over ~100k source IPs, 28 days), run through the same runner the
 * scheduler uses (`jobs run`): ledger, heartbeats and all.
 * Usage: npm run bench:jobs
 */
import { buildServiceGraph } from '../../src/app/composition-root.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startBenchDatabase } from '../support/bench-database.js';

const logger = createLogger({ level: 'warn' });
// Training first: detection needs the deployed model; the purge after the heatmaps filled the cache.
const JOBS = ['train-anomaly-model-weekly', 'detect-anomalies-daily', 'generate-analytics-cache-daily', 'purge-geolocation-cache-weekly'];

async function main(): Promise<void> {
  // No MONGODB_URL: the runner needs no job store; the ledger is in PostgreSQL.
  const bench = await startBenchDatabase(logger, { ANOMALY_TRAINING_DAYS: '28' });
  const rows: string[][] = [];
  try {
    const { orm } = bench.dependencies.database;
    const traffic = generateTraffic({ seed: 42, days: 28, providers: 6_000, forwarders: 8_000, mailingLists: 6_000, smallSenders: 80_000, campaign: { ips: 300 } });
    const loadStarted = performance.now();
    await loadTraffic(orm.em.fork(), traffic);
    await orm.em.fork().getConnection().execute('VACUUM ANALYZE dmarc_records');
    rows.push(['(bulk load)', `${((performance.now() - loadStarted) / 1000).toFixed(1)} s`, `${traffic.records.length.toLocaleString('en-US')} records`]);
    const services = buildServiceGraph(bench.config, bench.dependencies, logger).services;
    for (const name of JOBS) {
      const started = performance.now();
      const outcome = await services.jobs.runHere(name);
      rows.push([name, `${((performance.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(outcome.result)]);
    }
    console.log(`| job | time | result |\n|---|---|---|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
