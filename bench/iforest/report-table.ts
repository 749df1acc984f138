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
  /** scikit-learn's mean AUC minus ours over the prescribed seeds; positive = we are worse. */
  readonly auc_gap: number | null;
  /** Set when auc_gap exceeded the tolerance and both detectors were re-run on fresh seeds. */
  readonly confirm_seeds: number | null;
  readonly confirm_auc_mean: number | null;
  readonly confirm_sklearn_auc_mean: number | null;
  readonly confirm_gap: number | null;
  readonly confirm_gap_se: number | null;
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
  ['AUC gap', (r) => auc(r.auc_gap)],
  [
    'gap, more seeds',
    (r) => (r.confirm_seeds === null ? '-' : `${auc(r.confirm_gap)} ± ${auc(r.confirm_gap_se)} (${r.confirm_seeds})`),
  ],
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
  console.log('AUC gap = scikit-learn minus ours; "more seeds" re-runs both on fresh seeds (gap ± standard error).');
  printTargets(rows);
}

const MODEL_BYTES_LIMIT = 1_000_000;
const FIT_MS_LIMIT = 50;

const check = (ok: boolean): string => (ok ? '✓' : '✗');

/** The targets, each with the worst data set's figure. */
function printTargets(rows: readonly BenchRow[]): void {
  const worst = (values: readonly number[], pick: 'min' | 'max') =>
    values.length === 0 ? Number.NaN : pick === 'min' ? Math.min(...values) : Math.max(...values);
  const compared = rows.filter((r) => r.sklearn_score_ms !== null);
  const gaps = compared.map((r) => r.confirm_gap ?? r.auc_gap!);
  const sklearnSpeedup = worst(compared.map((r) => r.sklearn_score_ms! / r.score_ms), 'min');
  const mlifSpeedup = worst(rows.map((r) => r.mlif_score_ms / r.score_ms), 'min');
  const fitMs = worst(rows.map((r) => r.fit_ms), 'max');
  const modelBytes = worst(rows.map((r) => r.model_bytes), 'max');
  console.log('');
  console.log('Targets (worst data set):');
  if (compared.length > 0) {
    const worstGap = worst(gaps, 'max');
    const confirmed = compared.some((r) => r.confirm_seeds !== null) ? ' (after the re-run on more seeds where one ran)' : '';
    console.log(`  ${check(worstGap <= 0.01)} AUC at most 0.01 below scikit-learn: worst gap ${worstGap.toFixed(4)}${confirmed}`);
    console.log(`  ${check(sklearnSpeedup >= 2)} scoring >= 2x scikit-learn: ${sklearnSpeedup.toFixed(1)}x`);
  }
  console.log(`  ${check(mlifSpeedup >= 10)} scoring >= 10x ml-isolation-forest: ${mlifSpeedup.toFixed(1)}x`);
  console.log(`  ${check(fitMs <= FIT_MS_LIMIT)} fit 100 trees <= ${FIT_MS_LIMIT} ms: ${fitMs.toFixed(1)} ms`);
  console.log(`  ${check(modelBytes <= MODEL_BYTES_LIMIT)} model <= 1 MB: ${modelBytes} bytes`);
}
