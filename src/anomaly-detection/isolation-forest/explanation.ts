import { robustDeviation, type FeatureStats } from './feature-stats.js';
import type { ForestArrays } from './model.js';
import { averagePathLength } from './path-length.js';

/** Why a point was scored as it was, for one feature. */
export interface FeatureContribution {
  readonly featureIndex: number;
  /** Share of the point's isolation owed to splits on this feature; all features sum to 1. */
  readonly contribution: number;
  readonly value: number;
  /** Robust z-score of the value against the training data (see robustDeviation). */
  readonly deviation: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Attributes a point's isolation to features. A split that sends the point from a node of n
 * points into a child of m points isolates it by log2(n / m) bits — large when the point is cut
 * away from the crowd, near 0 when it just follows the crowd — and that credit goes to the split
 * feature. Each tree's credit is weighted by c(ψ) / h(x), so trees in which the point is isolated
 * quickly (short paths, the anomalous signal) count more than trees where it sits deep.
 */
export function featureContributions(
  forest: ForestArrays,
  row: Float64Array,
  nFeatures: number,
  sampleSize: number,
): Float64Array {
  const { feature, threshold, left, nodeSize, treeOffsets } = forest;
  const credit = new Float64Array(nFeatures);
  const treeCredit = new Float64Array(nFeatures);
  const expectedPath = averagePathLength(sampleSize);
  for (let t = 0; t + 1 < treeOffsets.length; t++) {
    treeCredit.fill(0);
    let node = treeOffsets[t]!;
    let split = feature[node]!;
    while (split >= 0) {
      const child = row[split]! <= threshold[node]! ? left[node]! : left[node]! + 1;
      treeCredit[split]! += Math.log2(nodeSize[node]! / nodeSize[child]!);
      node = child;
      split = feature[node]!;
    }
    const pathLength = threshold[node]!;
    // A root leaf (ψ = 1) has path length 0 and nothing to credit.
    const weight = pathLength > 0 ? expectedPath / pathLength : 0;
    for (let f = 0; f < nFeatures; f++) credit[f]! += weight * treeCredit[f]!;
  }
  const total = credit.reduce((sum, c) => sum + c, 0);
  if (total > 0) for (let f = 0; f < nFeatures; f++) credit[f]! /= total;
  return credit;
}

/** The topK features by contribution (ties: the more deviant value first). */
export function explainRow(
  contributions: Float64Array,
  row: Float64Array,
  featureStats: readonly FeatureStats[],
  topK: number,
): FeatureContribution[] {
  return featureStats
    .map((stats, featureIndex): FeatureContribution => {
      const value = row[featureIndex]!;
      return {
        featureIndex,
        contribution: contributions[featureIndex]!,
        value,
        deviation: robustDeviation(value, stats),
        median: stats.median,
        q1: stats.q1,
        q3: stats.q3,
        min: stats.min,
        max: stats.max,
        mean: stats.mean,
      };
    })
    .sort((a, b) => b.contribution - a.contribution || Math.abs(b.deviation) - Math.abs(a.deviation))
    .slice(0, topK);
}
