import type { FeatureMatrix } from './feature-matrix.js';
import { LEAF, type ForestArrays } from './model.js';

/**
 * Scoring layout: every tree padded to a perfect binary tree of the height limit D, children of
 * slot i at 2i+1 and 2i+2. A leaf above the bottom becomes a chain of pass-through splits
 * (threshold +Infinity: always left) ending in its value on the bottom row. Every walk is then
 * exactly D steps with no leaf test and no child-index loads, which lets the scorer walk several
 * rows in lock-step without branches. Costs (2^(D+1) - 1) slots per tree, so only used up to
 * MAX_DENSE_HEIGHT; taller trees are scored from the compact ForestArrays.
 */
export interface DenseForest {
  readonly height: number;
  readonly nTrees: number;
  /** (2^D - 1) split slots per tree. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** 2^D leaf path lengths per tree. */
  readonly leafValue: Float64Array;
}

/** 2^10 leaves × 100 trees ≈ 2.5 MB; beyond that the padding costs more than it saves. */
const MAX_DENSE_HEIGHT = 10;

/** Rows per block: the block's rows stay in cache while every tree passes over them. */
const ROW_BLOCK = 512;

export function toDenseForest(forest: ForestArrays, height: number): DenseForest | undefined {
  if (height > MAX_DENSE_HEIGHT) return undefined;
  const nTrees = forest.treeOffsets.length - 1;
  const splitSlots = (1 << height) - 1;
  const leafSlots = 1 << height;
  const feature = new Int32Array(nTrees * splitSlots);
  const threshold = new Float64Array(nTrees * splitSlots).fill(Number.POSITIVE_INFINITY);
  const leafValue = new Float64Array(nTrees * leafSlots);
  const slotOf = new Int32Array(forest.feature.length);
  for (let t = 0; t < nTrees; t++) {
    const end = forest.treeOffsets[t + 1]!;
    // Breadth-first order: a node's slot is known before the node is visited.
    for (let node = forest.treeOffsets[t]!; node < end; node++) {
      const slot = slotOf[node]!;
      if (forest.feature[node] === LEAF) {
        let bottom = slot;
        while (bottom < splitSlots) bottom = 2 * bottom + 1;
        leafValue[t * leafSlots + bottom - splitSlots] = forest.threshold[node]!;
      } else {
        feature[t * splitSlots + slot] = forest.feature[node]!;
        threshold[t * splitSlots + slot] = forest.threshold[node]!;
        slotOf[forest.left[node]!] = 2 * slot + 1;
        slotOf[forest.left[node]! + 1] = 2 * slot + 2;
      }
    }
  }
  return { height, nTrees, feature, threshold, leafValue };
}

/** Σ over trees of h(x) per row, for forests in the dense layout. */
export function sumDensePathLengths(dense: DenseForest, matrix: FeatureMatrix): Float64Array {
  const { feature, threshold, leafValue, height, nTrees } = dense;
  const { values, nFeatures, nRows } = matrix;
  const splitSlots = (1 << height) - 1;
  const leafSlots = 1 << height;
  const sums = new Float64Array(nRows);
  for (let blockStart = 0; blockStart < nRows; blockStart += ROW_BLOCK) {
    const blockEnd = Math.min(nRows, blockStart + ROW_BLOCK);
    for (let t = 0; t < nTrees; t++) {
      const splits = t * splitSlots;
      // Leaf slot index = final i - splitSlots.
      const leaves = t * leafSlots - splitSlots;
      let r = blockStart;
      // Four independent walks interleaved: the CPU overlaps their loads instead of waiting on
      // one chain of dependent loads. `+(x > threshold)` picks the child without a branch.
      for (; r + 4 <= blockEnd; r += 4) {
        const b0 = r * nFeatures;
        const b1 = b0 + nFeatures;
        const b2 = b1 + nFeatures;
        const b3 = b2 + nFeatures;
        let i0 = 0;
        let i1 = 0;
        let i2 = 0;
        let i3 = 0;
        for (let step = 0; step < height; step++) {
          i0 = 2 * i0 + 1 + +(values[b0 + feature[splits + i0]!]! > threshold[splits + i0]!);
          i1 = 2 * i1 + 1 + +(values[b1 + feature[splits + i1]!]! > threshold[splits + i1]!);
          i2 = 2 * i2 + 1 + +(values[b2 + feature[splits + i2]!]! > threshold[splits + i2]!);
          i3 = 2 * i3 + 1 + +(values[b3 + feature[splits + i3]!]! > threshold[splits + i3]!);
        }
        sums[r]! += leafValue[leaves + i0]!;
        sums[r + 1]! += leafValue[leaves + i1]!;
        sums[r + 2]! += leafValue[leaves + i2]!;
        sums[r + 3]! += leafValue[leaves + i3]!;
      }
      for (; r < blockEnd; r++) {
        const base = r * nFeatures;
        let i = 0;
        for (let step = 0; step < height; step++) {
          i = 2 * i + 1 + +(values[base + feature[splits + i]!]! > threshold[splits + i]!);
        }
        sums[r]! += leafValue[leaves + i]!;
      }
    }
  }
  return sums;
}
