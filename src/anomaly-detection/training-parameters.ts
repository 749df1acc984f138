import { InvalidDetectorParametersError } from './errors.js';

export interface TrainOptions {
  readonly days?: number;
  readonly contamination?: number;
  readonly nEstimators?: number;
  readonly maxSamples?: number;
  readonly seed?: number | null;
  /** Length of the windows the training period is cut into; default the detection window. */
  readonly windowDays?: number;
}

/** detect() looks at this many days unless told otherwise; training windows match it. */
export const DEFAULT_DETECTION_DAYS = 7;

export interface TrainingParameters {
  readonly windowDays: number;
  readonly days: number;
  readonly contamination: number;
  readonly nEstimators: number;
  readonly maxSamples: number;
  readonly seed: number | undefined;
}

export const MAX_WINDOW_DAYS = 3_660;

/** Every problem at once, as one BAD_USER_INPUT (InvalidDetectorParametersError). */
export function resolveTrainingParameters(options: TrainOptions): TrainingParameters {
  const { days = 90, contamination = 0.05, nEstimators = 100, maxSamples = 256, seed, windowDays = DEFAULT_DETECTION_DAYS } = options;
  const problems: string[] = [];
  if (!Number.isInteger(days) || days <= 0 || days > MAX_WINDOW_DAYS) problems.push(`days must be an integer in [1, ${MAX_WINDOW_DAYS}], got ${days}`);
  if (!(contamination > 0 && contamination <= 0.5)) problems.push(`contamination must be in (0, 0.5], got ${contamination}`);
  if (!Number.isInteger(nEstimators) || nEstimators <= 0 || nEstimators > 10_000) problems.push(`nEstimators must be an integer in [1, 10000], got ${nEstimators}`);
  if (!Number.isInteger(maxSamples) || maxSamples <= 0 || maxSamples > 100_000) problems.push(`maxSamples must be an integer in [1, 100000], got ${maxSamples}`);
  if (seed != null && (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)) problems.push(`seed must be an integer in [0, 2^32), got ${seed}`);
  if (!Number.isInteger(windowDays) || windowDays <= 0 || windowDays > MAX_WINDOW_DAYS) problems.push(`windowDays must be an integer in [1, ${MAX_WINDOW_DAYS}], got ${windowDays}`);
  if (problems.length > 0) throw new InvalidDetectorParametersError(problems);
  return { windowDays: Math.min(windowDays, days), days, contamination, nEstimators, maxSamples, seed: seed ?? undefined };
}

export function resolveWindowDays(days: number | undefined, fallback: number): number {
  const value = days ?? fallback;
  if (!Number.isInteger(value) || value <= 0 || value > MAX_WINDOW_DAYS) {
    throw new InvalidDetectorParametersError([`days must be an integer in [1, ${MAX_WINDOW_DAYS}], got ${value}`]);
  }
  return value;
}
