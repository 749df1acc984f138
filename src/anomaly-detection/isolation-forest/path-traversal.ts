import type { FeatureMatrix } from './feature-matrix.js';
import type { ForestArrays } from './model.js';

/**
 * Σ over trees of h(x) for every row. Trees are the outer loop: one tree's arrays (a few KB)
 * stay in L1 cache while all rows stream past it.
 */
export function sumPathLengths(forest: ForestArrays, matrix: FeatureMatrix): Float64Array {
  const { feature, threshold, left, treeOffsets } = forest;
  const { values, nFeatures, nRows } = matrix;
  const sums = new Float64Array(nRows);
  const nTrees = treeOffsets.length - 1;
  for (let t = 0; t < nTrees; t++) {
    const root = treeOffsets[t]!;
    for (let r = 0, base = 0; r < nRows; r++, base += nFeatures) {
      let node = root;
      let split = feature[node]!;
      while (split >= 0) {
        node = values[base + split]! <= threshold[node]! ? left[node]! : left[node]! + 1;
        split = feature[node]!;
      }
      sums[r]! += threshold[node]!;
    }
  }
  return sums;
}
