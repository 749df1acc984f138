import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { streamReportEvents } from '../../src/ingestion/index.js';
import { streamBigReport } from './big-report.js';
import type { CorpusFile } from './corpus.js';
import { cpuSecondsSince, MB, row, tableHeader, type Measurement } from './measurement-table.js';
import { parseWithOurs } from './parse-with-ours.js';
import { writeReportKindsCorpus } from './report-kinds-corpus.js';
import { countRecordsWithSaxes } from './saxes-baseline.js';

/**
 * Parse-only ingestion benchmark. Usage:
 *   node dist/bench/ingest/run.js <corpus-dir> [parsedmarcRecords=20000] [failureAndTlsReports=400]
 * Env PYTHON picks the interpreter for parsedmarc (default python3; `.cache/parsedmarc-venv/bin/python`
 * once `npm run compare:parsedmarc` has installed it). The failure and TLS reports are generated into
 * `<corpus-dir>/kinds` (report-kinds-corpus.ts).
 */

/** Parser alone: the document is already in memory and decompressed. */
async function parseInMemory(xml: Buffer): Promise<Measurement> {
  let records = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const event of streamReportEvents(xml)) if (event.type === 'records') records += event.records.length;
  return { records, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
}

/** The saxes baseline on the same files as ours: reading and gunzip are timed on both sides. */
function parseWithSaxes(paths: readonly string[]): Measurement {
  let records = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const path of paths) {
    const bytes = readFileSync(path);
    records += countRecordsWithSaxes((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
  return { records, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu) };
}

/** parsedmarc's figures, or null (the row says so) where the interpreter has no parsedmarc installed. */
function parseWithParsedmarc(paths: readonly string[]): (Measurement & { reports: number }) | null {
  const script = resolve(import.meta.dirname, '../../../bench/ingest/parsedmarc_bench.py');
  const result = spawnSync(process.env.PYTHON ?? 'python3', [script], { input: paths.join('\n'), encoding: 'utf8', maxBuffer: 16 * MB });
  if (result.status !== 0 && result.stderr.includes("No module named 'parsedmarc'")) return null;
  if (result.status !== 0) throw new Error(`parsedmarc benchmark failed: ${result.stderr}`);
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '{}';
  const measured = JSON.parse(lastLine) as { reports: number; records: number; seconds: number; cpu_seconds: number; peak_rss_kb: number };
  return { reports: measured.reports, records: measured.records, seconds: measured.seconds, cpuSeconds: measured.cpu_seconds, peakRssMb: measured.peak_rss_kb / 1024 };
}

/** Our parser over whole failure or TLS reports: reports read, counted from their events (a file refused throws). */
async function parseReportsWithOurs(paths: readonly string[], kind: 'failure' | 'tls'): Promise<Measurement & { reports: number }> {
  let reports = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const path of paths) {
    for await (const event of streamReportEvents(readFileSync(path), { filename: path })) if (event.type === kind) reports++;
  }
  return { reports, records: reports, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu), peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Rows of the failure and TLS table: reports per second and per CPU-second, ours and parsedmarc's on the same files. */
function kindRow(name: string, files: number, m: Measurement & { reports: number }): string {
  return [name.padEnd(44), String(files).padStart(6), String(m.reports).padStart(8), m.seconds.toFixed(2).padStart(9), Math.round(m.reports / m.seconds).toLocaleString('en-US').padStart(11), Math.round(m.reports / m.cpuSeconds).toLocaleString('en-US').padStart(14)].join(' ');
}

async function reportKindRows(directory: string, count: number): Promise<string> {
  const corpus = writeReportKindsCorpus(join(directory, 'kinds'), count);
  const rows = [`${'reports'.padEnd(44)} ${'files'.padStart(6)} ${'reports'.padStart(8)} ${'seconds'.padStart(9)} ${'reports/s'.padStart(11)} ${'reports/cpu-s'.padStart(14)}`];
  const ratios: string[] = [];
  for (const [kind, label, paths] of [['failure', 'failure reports (ARF, headers only, text)', corpus.failure], ['tls', 'SMTP TLS reports (JSON, gzip, e-mail)', corpus.tls]] as const) {
    await parseReportsWithOurs(paths.slice(0, 50), kind); // warm up the JIT
    const ours = await parseReportsWithOurs(paths, kind);
    const theirs = parseWithParsedmarc(paths);
    rows.push(kindRow(`ours, ${label}`, paths.length, ours));
    if (theirs === null) {
      rows.push(`${`parsedmarc 11 (offline), same ${kind} files`.padEnd(44)} skipped: no parsedmarc for ${process.env.PYTHON ?? 'python3'} (set PYTHON)`);
      continue;
    }
    rows.push(kindRow(`parsedmarc 11 (offline), same ${kind} files`, paths.length, theirs));
    ratios.push(`${kind}: ${(ours.reports / ours.cpuSeconds / (theirs.reports / theirs.cpuSeconds)).toFixed(1)}x per CPU-second`);
  }
  return `${rows.join('\n')}\n\nours vs parsedmarc on the same failure and TLS files: ${ratios.join(', ') || 'not measured'}\n`;
}


async function main(): Promise<void> {
  const [directory, parsedmarcRecords = '20000', kindReports = '400'] = process.argv.slice(2);
  if (directory === undefined) throw new Error('usage: run.js <corpus-dir> [parsedmarcRecords]');
  const corpus = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as CorpusFile[];
  const all = corpus.map((file) => join(directory, file.file));
  const largest = corpus.reduce((a, b) => (b.records > a.records ? b : a));

  // Same files for the side-by-side: reports in corpus order until the record budget is spent.
  const subset: string[] = [];
  let budget = Number(parsedmarcRecords);
  for (const file of corpus) {
    if (budget <= 0) break;
    if (file.records > budget) continue;
    subset.push(join(directory, file.file));
    budget -= file.records;
  }

  await parseWithOurs(all.slice(0, 50)); // warm up the JIT
  const ours = await parseWithOurs(all);
  const oursLargest = await parseWithOurs([join(directory, largest.file)]);
  const largestBytes = readFileSync(join(directory, largest.file));
  const oursInMemory = await parseInMemory(largest.file.endsWith('.gz') ? gunzipSync(largestBytes) : largestBytes);
  const oursSubset = await parseWithOurs(subset);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const big = streamBigReport();
  const saxes = parseWithSaxes(all);
  const parsedmarc = parseWithParsedmarc(subset);
  const kinds = await reportKindRows(directory, Number(kindReports));

  const lines = [
    tableHeader,
    row('ours, whole corpus (stream, validate)', all.length, ours),
    row(`ours, largest report (${largest.records} records)`, 1, oursLargest),
    row('ours, largest report in memory (parser only)', 1, oursInMemory),
    row(`ours, one ${big.megabytes.toFixed(0)} MB report, own process`, 1, big),
    row('saxes, whole corpus (read, gunzip, tokenize only)', all.length, saxes),
    row('ours, parsedmarc subset', subset.length, oursSubset),
    parsedmarc === null
      ? `${'parsedmarc 11 (offline), same subset'.padEnd(44)} skipped: no parsedmarc for ${process.env.PYTHON ?? 'python3'} (set PYTHON)`
      : row('parsedmarc 11 (offline), same subset', subset.length, parsedmarc),
  ];
  const comparison =
    parsedmarc === null
      ? 'ours vs parsedmarc: not measured; '
      : `ours vs parsedmarc on the same files: ${(oursSubset.records / oursSubset.seconds / (parsedmarc.records / parsedmarc.seconds)).toFixed(0)}x wall, ` +
        `${(oursSubset.records / oursSubset.cpuSeconds / (parsedmarc.records / parsedmarc.cpuSeconds)).toFixed(0)}x CPU; `;
  process.stdout.write(
    `${lines.join('\n')}\n\n${comparison}` +
      `peak RSS of the node process: ${maxRssMb.toFixed(0)} MB\n` +
      `one ${big.megabytes.toFixed(0)} MB report streamed in a process of its own: max RSS ${big.peakRssMb!.toFixed(0)} MB (limit: 1 GB)\n\n${kinds}`,
  );
}

await main();
