import { InvalidDetectorParametersError } from './errors.js';
import { integerRangeProblem } from '../validation/arguments.js';

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
/** Fewer feature rows than this and training refuses (InsufficientTrainingDataError). */
export const MIN_TRAINING_SAMPLES = 100;

/** Reports how far a long operation is, in [0, 1]; awaited (a job refreshes its lock there). */
export type ProgressCallback = (fraction: number, message: string) => Promise<void> | void;

export interface TrainingParameters {
  readonly windowDays: number;
  readonly days: number;
  readonly contamination: number;
  readonly nEstimators: number;
  readonly maxSamples: number;
  readonly seed: number | undefined;
}

const MAX_WINDOW_DAYS = 3_660;

/** Every problem at once, as one BAD_USER_INPUT (InvalidDetectorParametersError). */
export function resolveTrainingParameters(options: TrainOptions): TrainingParameters {
  const { days = 90, contamination = 0.05, nEstimators = 100, maxSamples = 256, seed, windowDays = DEFAULT_DETECTION_DAYS } = options;
  const problems = [
    integerRangeProblem('days', days, 1, MAX_WINDOW_DAYS),
    contamination > 0 && contamination <= 0.5 ? undefined : `contamination must be in (0, 0.5], got ${contamination}`,
    integerRangeProblem('nEstimators', nEstimators, 1, 10_000),
    integerRangeProblem('maxSamples', maxSamples, 1, 100_000),
    seed == null ? undefined : integerRangeProblem('seed', seed, 0, 0xffff_ffff),
    integerRangeProblem('windowDays', windowDays, 1, MAX_WINDOW_DAYS),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new InvalidDetectorParametersError(problems);
  return { windowDays: Math.min(windowDays, days), days, contamination, nEstimators, maxSamples, seed: seed ?? undefined };
}

export function resolveWindowDays(days: number | undefined, fallback: number): number {
  const value = days ?? fallback;
  const problem = integerRangeProblem('days', value, 1, MAX_WINDOW_DAYS);
  if (problem) throw new InvalidDetectorParametersError([problem]);
  return value;
}
