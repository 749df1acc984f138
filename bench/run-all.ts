/**
 * Runs every benchmark, one after the other, each printing its own table: every `bench:*` script of
 * package.json is here (test/layout/benchmarks.test.ts checks it).
 * Usage: npm run bench [-- <shared folder>]   (default ../shared; parts needing it are skipped without it)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../src/paths.js';

const shared = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared'));
const dist = join(projectRoot, 'dist', 'bench');

function run(title: string, script: string, args: string[]): boolean {
  console.log(`\n### ${title}\n`);
  const result = spawnSync(process.execPath, [join(dist, script), ...args], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${title} failed with exit code ${result.status})`);
  return result.status === 0;
}

let ok = run('Start-up', 'startup/run.js', ['3']);
ok = run('The demo', 'demo/run.js', ['3']) && ok;
ok = run('GeoIP lookups', 'geo/lookup.js', []) && ok;
ok = run('Geolocation cache and heatmaps', 'geo/cache-heatmap.js', []) && ok;
ok = run('Anomaly detection end to end', 'anomaly/run.js', []) && ok;
ok = run('Rate limiting under abuse', 'rate-limit/run.js', ['5']) && ok;
ok = run('Live alerts to 10,000 subscribers', 'subscriptions/run.js', ['10000']) && ok;
ok = run('Scheduled jobs', 'jobs/run.js', []) && ok;
ok = run('Mailbox ingestion over IMAP', 'mailbox/run.js', ['1000']) && ok;
ok = run('Sender naming and classification', 'senders/run.js', ['100000', ...(existsSync(join(shared, 'dmarc-samples')) ? ['--shared', shared] : [])]) && ok;

const odds = join(shared, 'datasets', 'odds');
if (existsSync(odds)) ok = run('Isolation Forest', 'iforest/run.js', [odds]) && ok;
else console.log(`\n### Isolation Forest\n\nskipped: ${odds} not found`);

const corpus = mkdtempSync(join(tmpdir(), 'dmarc-corpus-'));
try {
  ok = run('Ingestion corpus', 'ingest/generate-corpus.js', [corpus]) && ok;
  ok = run('Ingestion', 'ingest/run.js', [corpus]) && ok;
  ok = run('Ingestion of hostile inputs', 'ingest/hostile.js', []) && ok;
  ok = run('Ingestion into PostgreSQL', 'ingest/store.js', [corpus]) && ok;
  ok = run('Raw retention', 'ingest/raw-retention.js', [corpus]) && ok;
} finally {
  rmSync(corpus, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
