/**
 * Isolation forest benchmark: ours vs scikit-learn vs ml-isolation-forest on labelled CSVs.
 * Usage: node dist/bench/iforest/run.js [dir]   (default /work/shared/datasets/odds)
 * Prints one JSON line per data set, then a table and the targets.
 * When our 10-seed mean AUC is more than 0.01 below scikit-learn's, both are re-run over 200 fresh
 * seeds to tell seed luck from a real gap (see auc-confirmation.ts); the prescribed figures stay.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AUC_TOLERANCE, confirmAucGap } from './auc-confirmation.js';
import { benchMlIsolationForest, benchOurs, benchSklearn } from './detectors.js';
import { readLabelledCsv } from './labelled-csv.js';
import { printTable, type BenchRow } from './report-table.js';

const DEFAULT_DIR = '/work/shared/datasets/odds';
const SEEDS = 10;
/** ml-isolation-forest grows every tree on the whole data set: ~12 s per fit on shuttle. */
const MLIF_RUNS = 3;

async function main(): Promise<void> {
  const dir = process.argv[2] ?? DEFAULT_DIR;
  const files = readdirSync(dir).filter((file) => file.endsWith('.csv')).sort();
  if (files.length === 0) throw new Error(`No .csv files in ${dir}`);
  const results: BenchRow[] = [];
  let sklearnMissing: string | undefined;
  for (const file of files) {
    const path = join(dir, file);
    const dataset = await readLabelledCsv(path, basename(file, '.csv'));
    const ours = benchOurs(dataset, SEEDS);
    const sklearn = sklearnMissing === undefined ? benchSklearn(path, SEEDS) : undefined;
    if (sklearn && !sklearn.available) {
      sklearnMissing = sklearn.reason;
      console.error(`scikit-learn comparison skipped: ${sklearn.reason}`);
    }
    const sk = sklearn?.available ? sklearn.summary : undefined;
    const mlif = benchMlIsolationForest(dataset, MLIF_RUNS);
    const gap = sk ? sk.aucMean - ours.aucMean : null;
    const confirmation = gap !== null && gap > AUC_TOLERANCE ? confirmAucGap(dataset, path, SEEDS) : undefined;
    const row: BenchRow = {
      dataset: dataset.name,
      rows: dataset.labels.length,
      auc_mean: ours.aucMean,
      auc_sd: ours.aucSd,
      fit_ms: ours.fitMs,
      score_ms: ours.scoreMs,
      model_bytes: ours.modelBytes,
      sklearn_auc_mean: sk?.aucMean ?? null,
      sklearn_fit_ms: sk?.fitMs ?? null,
      sklearn_score_ms: sk?.scoreMs ?? null,
      mlif_auc_mean: mlif.aucMean,
      mlif_fit_ms: mlif.fitMs,
      mlif_score_ms: mlif.scoreMs,
      auc_gap: gap,
      confirm_seeds: confirmation?.seeds ?? null,
      confirm_auc_mean: confirmation?.oursMean ?? null,
      confirm_sklearn_auc_mean: confirmation?.sklearnMean ?? null,
      confirm_gap: confirmation?.gap ?? null,
      confirm_gap_se: confirmation?.gapSe ?? null,
    };
    console.log(JSON.stringify(row));
    results.push(row);
  }
  printTable(results, { seeds: SEEDS, mlifRuns: MLIF_RUNS, sklearnMissing });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
