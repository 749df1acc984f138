export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample standard deviation (n - 1), as numpy's std(ddof=1) in the scikit-learn script. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * What each detector reports for one data set. Times are medians over runs: on a shared
 * machine a mean is dominated by whichever run another process happened to interrupt.
 */
export interface DetectorSummary {
  readonly aucMean: number;
  readonly aucSd: number;
  readonly fitMs: number;
  readonly scoreMs: number;
}

export interface RunMeasurement {
  readonly auc: number;
  readonly fitMs: number;
  readonly scoreMs: number;
}

export function summarize(runs: readonly RunMeasurement[]): DetectorSummary {
  const aucs = runs.map((run) => run.auc);
  return {
    aucMean: mean(aucs),
    aucSd: sampleSd(aucs),
    fitMs: median(runs.map((run) => run.fitMs)),
    scoreMs: median(runs.map((run) => run.scoreMs)),
  };
}
