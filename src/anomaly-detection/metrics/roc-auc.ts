import { InvalidFeatureMatrixError } from '../errors.js';

/**
 * Area under the ROC curve via the Mann–Whitney U statistic: the probability that a random
 * positive scores higher than a random negative, ties counting one half (mid-ranks).
 * `scores`: higher = more likely positive (negate scoreSamples first). `labels`: truthy = positive.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number {
  const n = scores.length;
  if (labels.length !== n) {
    throw new InvalidFeatureMatrixError(`${n} scores but ${labels.length} labels`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(scores[i])) throw new InvalidFeatureMatrixError(`Score ${i} is ${scores[i]}`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    // Ranks start..end-1 (0-based) share the mid-rank; +1 converts to 1-based ranks.
    const midRank = (start + end - 1) / 2 + 1;
    for (let i = start; i < end; i++) {
      if (labels[order[i]!]) {
        positives++;
        positiveRankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new InvalidFeatureMatrixError('ROC AUC needs at least one positive and one negative label');
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
