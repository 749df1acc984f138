/** One data set's results; field names are the JSON line's. */
export interface BenchRow {
  readonly dataset: string;
  readonly rows: number;
  readonly auc_mean: number;
  readonly auc_sd: number;
  readonly fit_ms: number;
  readonly score_ms: number;
  readonly model_bytes: number;
  readonly sklearn_auc_mean: number | null;
  readonly sklearn_fit_ms: number | null;
  readonly sklearn_score_ms: number | null;
  readonly mlif_auc_mean: number;
  readonly mlif_fit_ms: number;
  readonly mlif_score_ms: number;
}

const fixed = (digits: number) => (value: number | null) => (value === null ? 'n/a' : value.toFixed(digits));
const auc = fixed(4);
const ms = fixed(1);

const COLUMNS: readonly [string, (row: BenchRow) => string][] = [
  ['dataset', (r) => r.dataset],
  ['rows', (r) => String(r.rows)],
  ['AUC ours', (r) => `${auc(r.auc_mean)} ± ${auc(r.auc_sd)}`],
  ['AUC sklearn', (r) => auc(r.sklearn_auc_mean)],
  ['AUC mlif', (r) => auc(r.mlif_auc_mean)],
  ['fit ms ours', (r) => ms(r.fit_ms)],
  ['fit ms sklearn', (r) => ms(r.sklearn_fit_ms)],
  ['fit ms mlif', (r) => ms(r.mlif_fit_ms)],
  ['score ms ours', (r) => ms(r.score_ms)],
  ['score ms sklearn', (r) => ms(r.sklearn_score_ms)],
  ['score ms mlif', (r) => ms(r.mlif_score_ms)],
  ['model bytes', (r) => String(r.model_bytes)],
];

export function printTable(
  rows: readonly BenchRow[],
  notes: { seeds: number; mlifRuns: number; sklearnMissing: string | undefined },
): void {
  const cells = rows.map((row) => COLUMNS.map(([, cell]) => cell(row)));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padStart(widths[i]!)).join(' | ');
  console.log('');
  console.log(line(COLUMNS.map(([title]) => title)));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const row of cells) console.log(line(row));
  console.log('');
  console.log(
    `100 trees, max_samples 256, full data set scored. Ours and scikit-learn (n_jobs=1): ${notes.seeds} seeds; ` +
      `ml-isolation-forest: ${notes.mlifRuns} unseeded runs (it is too slow for more). Times are medians per run.`,
  );
  if (notes.sklearnMissing !== undefined) console.log(`scikit-learn columns are n/a: ${notes.sklearnMissing}`);
}
