import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { startTestPostgres } from '../../test/support/postgres-server.js';
import { silentLogger } from '../../test/support/silent-logger.js';
import type { CorpusFile } from './corpus.js';
import { cpuSecondsSince, MB, row, tableHeader, type Measurement } from './measurement-table.js';
import { postgresCpuSeconds } from './postgres-cpu.js';

/**
 * End-to-end ingestion benchmark: files -> parser -> PostgreSQL (one transaction per report,
 * bulk inserts), against a throw-away embedded PostgreSQL. Usage:
 *   node dist/bench/ingest/store.js <corpus-dir> [maxRecords=400000]
 * The largest report is always included; other reports in corpus order until the budget is spent.
 */

async function storeAll(service: ReportIngestionService, paths: readonly string[], dataDirectory: string): Promise<Measurement & { postgresCpuSeconds: number }> {
  let records = 0;
  let peakHeap = 0;
  let peakRss = 0;
  const sample = setInterval(() => {
    const memory = process.memoryUsage();
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    peakRss = Math.max(peakRss, memory.rss);
  }, 50);
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpuSeconds(dataDirectory) ?? 0;
  const started = performance.now();
  try {
    for (const path of paths) {
      const result = await service.ingestFile(path);
      if (result.error) throw new Error(`${path}: ${result.error.message}`);
      records += result.reports.reduce((sum, r) => sum + r.records, 0);
    }
  } finally {
    clearInterval(sample);
  }
  const seconds = (performance.now() - started) / 1000;
  const postgres = (postgresCpuSeconds(dataDirectory) ?? pgCpu) - pgCpu;
  return { records, seconds, cpuSeconds: cpuSecondsSince(cpu) + postgres, postgresCpuSeconds: postgres, peakHeapMb: peakHeap / MB, peakRssMb: peakRss / MB };
}

function pickFiles(corpus: readonly CorpusFile[], budget: number): CorpusFile[] {
  const largest = corpus.reduce((a, b) => (b.records > a.records ? b : a));
  const picked = [largest];
  let left = budget - largest.records;
  for (const file of corpus) {
    if (file === largest || file.records > left) continue;
    picked.push(file);
    left -= file.records;
  }
  return picked;
}

async function main(): Promise<void> {
  const [directory, maxRecords = '400000'] = process.argv.slice(2);
  if (directory === undefined) throw new Error('usage: store.js <corpus-dir> [maxRecords]');
  const corpus = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as CorpusFile[];
  const files = pickFiles(corpus, Number(maxRecords));
  const largest = files[0]!;
  const rest = files.slice(1).map((file) => join(directory, file.file));

  const server = await startTestPostgres();
  const orm = await MikroORM.init(ormOptions({ url: server.url, poolMax: 4, connectTimeoutMs: 10_000 }, silentLogger));
  try {
    await applyPendingMigrations(orm, silentLogger);
    const [setting] = await orm.em.fork().execute<{ setting: string }[]>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    const dataDirectory = setting!.setting;
    const service = new ReportIngestionService(orm.em, silentLogger);

    const largestRun = await storeAll(service, [join(directory, largest.file)], dataDirectory);
    const restRun = await storeAll(service, rest, dataDirectory);
    const total: Measurement = {
      records: largestRun.records + restRun.records,
      seconds: largestRun.seconds + restRun.seconds,
      cpuSeconds: largestRun.cpuSeconds + restRun.cpuSeconds,
      peakHeapMb: Math.max(largestRun.peakHeapMb ?? 0, restRun.peakHeapMb ?? 0),
      peakRssMb: Math.max(largestRun.peakRssMb ?? 0, restRun.peakRssMb ?? 0),
    };
    const nodeOnly: Measurement = { ...total, cpuSeconds: total.cpuSeconds - largestRun.postgresCpuSeconds - restRun.postgresCpuSeconds };
    process.stdout.write(
      `${[
        tableHeader,
        row(`stored, largest report (${largest.records} records)`, 1, largestRun),
        row('stored, other reports', rest.length, restRun),
        row('stored, all (records/cpu-s: node + postgres)', files.length, total),
        row('stored, all (records/cpu-s: node only)', files.length, nodeOnly),
      ].join('\n')}\n\nPostgreSQL CPU: ${(largestRun.postgresCpuSeconds + restRun.postgresCpuSeconds).toFixed(1)} s; ` +
        `peak RSS of the node process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
    );
  } finally {
    await orm.close(true);
    await server.stop();
  }
}

await main();
