import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { startTestPostgres } from '../../test/support/postgres-server.js';
import { silentLogger } from '../../test/support/silent-logger.js';
import type { CorpusFile } from './corpus.js';

/**
 * What raw retention (RAW_REPORT_RETENTION) costs: the kept files' bytes per million records
 * stored, next to the records' own tables, and the ingestion time with and without it, on
 * bench/ingest's generated corpus (mostly plain XML, large reports gzip, as receivers send them).
 * Usage: node dist/bench/ingest/raw-retention.js <corpus-dir> [records=all]
 */

const MiB = 1024 * 1024;

async function ingestAll(orm: MikroORM, files: readonly string[], retention: boolean): Promise<{ records: number; seconds: number }> {
  const service = new ReportIngestionService(orm.em, silentLogger, retention ? { rawRetention: { maxBytes: 64 * MiB } } : {});
  let records = 0;
  const started = performance.now();
  for (const file of files) {
    const result = await service.ingestFile(file);
    if (result.error) throw new Error(`${file}: ${result.error.message}`);
    records += result.reports.reduce((sum, r) => sum + r.records, 0);
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

async function size(orm: MikroORM, tables: readonly string[]): Promise<number> {
  // Table names are this file's constants, not input.
  const [row] = await orm.em.fork().execute<{ bytes: string }[]>(
    `SELECT (${tables.map((t) => `pg_total_relation_size('${t}')`).join(' + ')})::bigint AS bytes`,
  );
  return Number(row!.bytes);
}

async function main(): Promise<void> {
  const [directory, limit] = process.argv.slice(2);
  if (directory === undefined) throw new Error('usage: raw-retention.js <corpus-dir> [records]');
  const corpus = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as CorpusFile[];
  const budget = limit === undefined ? Number.POSITIVE_INFINITY : Number(limit);
  const picked: CorpusFile[] = [];
  let total = 0;
  for (const file of corpus) {
    if (total + file.records > budget) continue;
    picked.push(file);
    total += file.records;
  }
  const paths = picked.map((file) => join(directory, file.file));
  const gzipped = picked.filter((file) => file.file.endsWith('.gz'));

  const server = await startTestPostgres();
  try {
    const runs: { retention: boolean; records: number; seconds: number; raw: number; records_tables: number }[] = [];
    for (const retention of [false, true]) {
      const database = `raw_${retention ? 'on' : 'off'}`;
      const admin = await MikroORM.init(ormOptions({ url: server.url, poolMax: 1, connectTimeoutMs: 10_000 }, silentLogger));
      await admin.em.fork().execute(`CREATE DATABASE ${database}`);
      await admin.close(true);
      const url = new URL(server.url);
      url.pathname = `/${database}`;
      const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 4, connectTimeoutMs: 10_000 }, silentLogger));
      try {
        await applyPendingMigrations(orm, silentLogger);
        const run = await ingestAll(orm, paths, retention);
        process.stderr.write(`retention ${retention}: ${run.records} records in ${run.seconds.toFixed(1)} s\n`);
        await orm.em.fork().execute('VACUUM ANALYZE');
        runs.push({
          retention,
          ...run,
          raw: await size(orm, ['raw_report_files', 'dmarc_report_raw_files']),
          records_tables: await size(orm, ['dmarc_reports', 'dmarc_records']),
        });
      } finally {
        await orm.close(true);
      }
    }
    const lines = [
      `corpus: ${picked.length} reports (${gzipped.length} gzip, kept as received; the others plain XML, kept brotli-compressed), ${total} records`,
      '',
      '| RAW_REPORT_RETENTION | records | ingest s | records/s | reports+records tables | kept files | kept files per 1M records |',
      '|---|---|---|---|---|---|---|',
      ...runs.map((r) =>
        `| ${r.retention} | ${r.records} | ${r.seconds.toFixed(1)} | ${Math.round(r.records / r.seconds)} | ${(r.records_tables / MiB).toFixed(1)} MiB | ` +
          `${(r.raw / MiB).toFixed(1)} MiB | ${((r.raw / r.records) * 1e6 / MiB).toFixed(1)} MiB |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
  }
}

await main();
