import { InvalidDetectorParametersError } from '../errors.js';
import { randomSeed } from './prng.js';

export interface IsolationForestOptions {
  /** Number of trees. Default 100. */
  readonly nEstimators?: number;
  /** Points drawn (without replacement) per tree; capped at the row count. Default 256. */
  readonly maxSamples?: number;
  /**
   * Expected share of anomalies in the training data, in (0, 0.5]: the decision threshold is
   * set so that this share of the training rows is flagged. Omitted = scikit-learn's "auto"
   * (threshold -0.5, i.e. anomaly score 0.5).
   */
  readonly contamination?: number;
  /** 32-bit unsigned seed; omitted = a random one (kept in the model, so it can be replayed). */
  readonly seed?: number;
}

export interface ResolvedOptions {
  readonly nEstimators: number;
  readonly sampleSize: number;
  readonly contamination: number | undefined;
  readonly seed: number;
}

/** Serialization stores split features as int16. */
const MAX_FEATURES = 32_767;

/** Checks every option at once so the caller sees all problems together. */
export function resolveOptions(
  options: IsolationForestOptions,
  nRows: number,
  nFeatures: number,
): ResolvedOptions {
  const { nEstimators = 100, maxSamples = 256, contamination, seed = randomSeed() } = options;
  const problems: string[] = [];
  if (!Number.isInteger(nEstimators) || nEstimators < 1) {
    problems.push(`nEstimators must be a positive integer, got ${nEstimators}`);
  }
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    problems.push(`maxSamples must be a positive integer, got ${maxSamples}`);
  }
  if (contamination !== undefined && !(contamination > 0 && contamination <= 0.5)) {
    problems.push(`contamination must be in (0, 0.5], got ${contamination}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    problems.push(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  if (nFeatures > MAX_FEATURES) {
    problems.push(`at most ${MAX_FEATURES} features are supported, got ${nFeatures}`);
  }
  if (problems.length > 0) throw new InvalidDetectorParametersError(problems);
  return { nEstimators, sampleSize: Math.min(maxSamples, nRows), contamination, seed };
}
