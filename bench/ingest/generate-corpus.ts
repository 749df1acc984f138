import { generateCorpus } from './corpus.js';

/** Usage: node dist/bench/ingest/generate-corpus.js <dir> [totalRecords=1000000] [seed=7489] */
const [directory, total = '1000000', seed = '7489'] = process.argv.slice(2);
if (directory === undefined) {
  process.stderr.write('usage: generate-corpus <dir> [totalRecords] [seed]\n');
  process.exit(64);
}
const files = generateCorpus(directory, { totalRecords: Number(total), seed: Number(seed) });
const records = files.reduce((sum, file) => sum + file.records, 0);
process.stdout.write(`${files.length} reports, ${records} records written to ${directory}\n`);
