/**
 * parsedmarc's verdict next to ours on every report file of the folders given (walked
 * recursively), as a table; exits 1 when parsedmarc reads a file that we refuse or read fewer
 * records of (see parsedmarc-comparison.ts). Run by scripts/compare-parsedmarc.sh, which installs
 * the pinned parsedmarc:
 *   node dist/scripts/compare-parsedmarc.js --python <python with parsedmarc> <folder>...
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { IngestionError, streamReportEvents } from '../src/ingestion/index.js';
import { projectRoot } from '../src/paths.js';
import { compareVerdicts, type ComparisonOutcome, type OurVerdict, type ParsedmarcVerdict } from './parsedmarc-comparison.js';

/** Source, notes and test data around the fixtures: not report files. */
const NOT_REPORTS = /(\.ts|\.md|\.json|\.py|\.sh)$|(^|\/)README[^/]*$/;

function reportFiles(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return reportFiles(path);
    return entry.isFile() && !NOT_REPORTS.test(path) ? [path] : [];
  });
}

async function ourVerdict(path: string): Promise<OurVerdict> {
  let reports = 0;
  let records = 0;
  try {
    for await (const event of streamReportEvents(createReadStream(path), { filename: path })) {
      if (event.type === 'end') {
        reports++;
        records += event.summary.recordCount;
      }
    }
  } catch (error) {
    if (error instanceof IngestionError) return { verdict: 'refused', code: error.code, message: error.message };
    throw error;
  }
  return { verdict: 'accepted', reports, records };
}

function parsedmarcVerdicts(python: string, files: readonly string[]): Map<string, ParsedmarcVerdict> {
  const script = join(projectRoot, 'scripts', 'parsedmarc_verdicts.py');
  const run = spawnSync(python, [script], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`parsedmarc failed (${python} ${script}): ${run.stderr || run.error?.message}`);
  const verdicts = run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ParsedmarcVerdict);
  return new Map(verdicts.map((v) => [v.file, v]));
}

function describe(ours: OurVerdict): string {
  return ours.verdict === 'accepted' ? `read: ${ours.records} records${ours.reports === 1 ? '' : ` in ${ours.reports} reports`}` : `refused: ${ours.code}`;
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const pythonAt = args.indexOf('--python');
  const python = pythonAt === -1 ? 'python3' : args.splice(pythonAt, 2)[1]!;
  if (args.length === 0) throw new Error('usage: compare-parsedmarc.js --python <python> <folder>...');
  const files = args.flatMap((folder) => (statSync(folder).isDirectory() ? reportFiles(resolve(folder)) : [resolve(folder)]));
  const theirs = parsedmarcVerdicts(python, files);
  const counts: Record<ComparisonOutcome, number> = { ok: 0, more: 0, fail: 0 };
  const lines = [`${cell('file', 60)} ${cell('parsedmarc 11.1.0', 22)} ${cell('ours', 30)} result`];
  for (const file of files) {
    const parsedmarc = theirs.get(file);
    if (parsedmarc === undefined) throw new Error(`parsedmarc gave no verdict for ${file}`);
    const ours = await ourVerdict(file);
    const { outcome, note } = compareVerdicts(parsedmarc, ours);
    counts[outcome]++;
    const name = relative(projectRoot, file).startsWith('..') ? file : relative(projectRoot, file);
    const theirText = parsedmarc.verdict === 'accepted' ? `read: ${parsedmarc.records} records` : 'refused';
    lines.push(`${cell(name, 60)} ${cell(theirText, 22)} ${cell(describe(ours), 30)} ${outcome.toUpperCase()}${note === '' ? '' : `  ${note}`}`);
  }
  process.stdout.write(
    `${lines.join('\n')}\n\n${files.length} files: ${counts.ok} ok, ${counts.more} where we read more reports, ${counts.fail} where parsedmarc reads what we refuse or lose\n`,
  );
  return counts.fail === 0 ? 0 : 1;
}

process.exitCode = await main();
