import type { FeatureMatrix } from './feature-matrix.js';
import { quantilesInPlace } from './quantile.js';

/**
 * A compact summary of one feature over the training data: enough to say "pass rate 3% against
 * a median of 99%" and how unusual a value is, without keeping the training rows.
 */
export interface FeatureStats {
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
}

/** Field order on disk; serialization and construction share it. */
export const FEATURE_STATS_FIELDS = ['min', 'q1', 'median', 'q3', 'max', 'mean', 'std'] as const;

export function computeFeatureStats({ values, nFeatures, nRows }: FeatureMatrix): FeatureStats[] {
  const column = new Float64Array(nRows);
  const stats: FeatureStats[] = [];
  for (let f = 0; f < nFeatures; f++) {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < nRows; r++) {
      const value = values[r * nFeatures + f]!;
      column[r] = value;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const mean = sum / nRows;
    let squares = 0;
    for (let r = 0; r < nRows; r++) squares += (column[r]! - mean) ** 2;
    const [q1, median, q3] = quantilesInPlace(column, [0.25, 0.5, 0.75]) as [number, number, number];
    stats.push({ min, q1, median, q3, max, mean, std: Math.sqrt(squares / nRows) });
  }
  return stats;
}

/**
 * How far a value lies from the training median, in robust standard deviations (IQR / 1.349 is
 * σ for a normal distribution). Falls back to the standard deviation when the middle half of
 * the data is a single value — common for rates that are nearly always 100%.
 * A feature that was constant in training is measured against its own magnitude, so the
 * result stays finite (GraphQL floats cannot be Infinity).
 */
export function robustDeviation(value: number, stats: FeatureStats): number {
  const spreads = [(stats.q3 - stats.q1) / 1.349, stats.std];
  const scale = spreads.find((s) => s > 0) ?? (Math.abs(stats.median) || 1);
  return (value - stats.median) / scale;
}
