/**
 * End-to-end anomaly benchmark: generate ~1M records over ~100k source IPs, bulk-load them into a
 * throw-away embedded PostgreSQL, then time training and one detection run.
 * Usage: npm run build && node dist/bench/anomaly/run.js
 */
import { buildServiceGraph } from '../../src/app/composition-root.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { startBenchDatabase } from '../support/bench-database.js';

const logger = createLogger({ level: 'warn' });

async function timed<T>(rows: [string, string, string][], step: string, action: () => Promise<T> | T, detail: (result: T) => string): Promise<T> {
  const started = performance.now();
  const result = await action();
  rows.push([step, `${((performance.now() - started) / 1000).toFixed(2)} s`, detail(result)]);
  return result;
}

async function main(): Promise<void> {
  const bench = await startBenchDatabase(logger);
  const { orm } = bench.dependencies.database;
  // The service graph every entry point uses.
  const service = buildServiceGraph(bench.config, bench.dependencies, logger).services.anomalies;
  const rows: [string, string, string][] = [];
  try {
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
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
