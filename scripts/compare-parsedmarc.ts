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

/** Source, notes and test data around the fixtures: not report files (a .json file is an SMTP TLS report). */
const NOT_REPORTS = /(\.ts|\.md|\.py|\.sh)$|(^|\/)README[^/]*$/;

function reportFiles(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return reportFiles(path);
    return entry.isFile() && !NOT_REPORTS.test(path) ? [path] : [];
  });
}

async function ourVerdict(path: string): Promise<OurVerdict> {
  const counts = { aggregate: { reports: 0, records: 0 }, failure: { reports: 0 }, smtp_tls: { reports: 0, policies: 0 } };
  try {
    for await (const event of streamReportEvents(createReadStream(path), { filename: path })) {
      if (event.type === 'end') {
        counts.aggregate.reports++;
        counts.aggregate.records += event.summary.recordCount;
      } else if (event.type === 'failure') {
        counts.failure.reports++;
      } else if (event.type === 'tls') {
        counts.smtp_tls.reports++;
        counts.smtp_tls.policies += event.report.policies.length;
      }
    }
  } catch (error) {
    if (error instanceof IngestionError) return { verdict: 'refused', code: error.code, message: error.message };
    throw error;
  }
  return { verdict: 'accepted', ...counts };
}

function parsedmarcVerdicts(python: string, files: readonly string[]): Map<string, ParsedmarcVerdict> {
  const script = join(projectRoot, 'scripts', 'parsedmarc_verdicts.py');
  const run = spawnSync(python, [script], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`parsedmarc failed (${python} ${script}): ${run.stderr || run.error?.message}`);
  const verdicts = run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ParsedmarcVerdict);
  return new Map(verdicts.map((v) => [v.file, v]));
}

function describe(ours: OurVerdict): string {
  if (ours.verdict === 'refused') return `refused: ${ours.code}`;
  const read: string[] = [];
  if (ours.aggregate.reports > 0) read.push(`${ours.aggregate.records} records${ours.aggregate.reports === 1 ? '' : ` in ${ours.aggregate.reports} reports`}`);
  if (ours.failure.reports > 0) read.push(`${ours.failure.reports} failure report${ours.failure.reports === 1 ? '' : 's'}`);
  if (ours.smtp_tls.reports > 0) read.push(`TLS: ${ours.smtp_tls.policies} policies`);
  return `read: ${read.join(', ')}`;
}

function describeTheirs(theirs: ParsedmarcVerdict): string {
  if (theirs.verdict === 'refused') return 'refused';
  if (theirs.kind === 'failure') return 'read: failure report';
  if (theirs.kind === 'smtp_tls') return `read: TLS: ${theirs.records} policies`;
  return `read: ${theirs.records} records`;
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
  const kinds = { aggregate: 0, failure: 0, smtp_tls: 0 };
  const lines = [`${cell('file', 60)} ${cell('parsedmarc 11.1.0', 22)} ${cell('ours', 30)} result`];
  for (const file of files) {
    const parsedmarc = theirs.get(file);
    if (parsedmarc === undefined) throw new Error(`parsedmarc gave no verdict for ${file}`);
    const ours = await ourVerdict(file);
    const { outcome, note } = compareVerdicts(parsedmarc, ours);
    counts[outcome]++;
    if (parsedmarc.kind !== null) kinds[parsedmarc.kind]++;
    const name = relative(projectRoot, file).startsWith('..') ? file : relative(projectRoot, file);
    const theirText = describeTheirs(parsedmarc);
    lines.push(`${cell(name, 60)} ${cell(theirText, 22)} ${cell(describe(ours), 30)} ${outcome.toUpperCase()}${note === '' ? '' : `  ${note}`}`);
  }
  process.stdout.write(
    `${lines.join('\n')}\n\n${files.length} files (parsedmarc reads ${kinds.aggregate} as aggregate, ${kinds.failure} as failure, ${kinds.smtp_tls} as TLS reports): ` +
      `${counts.ok} ok, ${counts.more} where we read more reports or records, ${counts.fail} where parsedmarc reads what we refuse or lose\n`,
  );
  return counts.fail === 0 ? 0 : 1;
}

process.exitCode = await main();
