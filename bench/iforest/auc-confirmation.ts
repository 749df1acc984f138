import { benchOurs, benchSklearn } from './detectors.js';
import type { LabelledDataset } from './labelled-csv.js';
import type { DetectorSummary } from './summary.js';

/** The limit: our mean AUC no more than this below scikit-learn's. */
export const AUC_TOLERANCE = 0.01;

/**
 * Seeds for a confirmation run. The AUC of one forest varies by about ±0.01 between seeds on
 * some data sets (cardio: sd 0.011), so a 10-seed mean moves by ±0.0036 on its own; a gap of
 * 0.01 between two 10-seed means can be luck. 200 more seeds bring the standard error of the
 * gap under 0.0012, small enough to tell luck from a real difference.
 */
export const CONFIRMATION_SEEDS = 200;

export interface AucConfirmation {
  readonly seeds: number;
  readonly oursMean: number;
  readonly sklearnMean: number;
  /** scikit-learn's mean minus ours: positive = we are worse. */
  readonly gap: number;
  /** Standard error of that difference of two independent means. */
  readonly gapSe: number;
}

const standardError = (summary: DetectorSummary, runs: number): number => summary.aucSd / Math.sqrt(runs);

/**
 * Re-measures both detectors on fresh seeds (after the prescribed ones, so the confirmation does
 * not reuse the draw that raised the doubt). Undefined when scikit-learn cannot run.
 */
export function confirmAucGap(dataset: LabelledDataset, csvPath: string, firstSeed: number): AucConfirmation | undefined {
  const sklearn = benchSklearn(csvPath, CONFIRMATION_SEEDS, firstSeed);
  if (!sklearn.available) return undefined;
  const ours = benchOurs(dataset, CONFIRMATION_SEEDS, firstSeed);
  return {
    seeds: CONFIRMATION_SEEDS,
    oursMean: ours.aucMean,
    sklearnMean: sklearn.summary.aucMean,
    gap: sklearn.summary.aucMean - ours.aucMean,
    gapSe: Math.hypot(standardError(ours, CONFIRMATION_SEEDS), standardError(sklearn.summary, CONFIRMATION_SEEDS)),
  };
}
