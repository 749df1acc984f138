import type { FeatureStats } from './feature-stats.js';

/** `feature` value that marks a leaf. */
export const LEAF = -1;

/**
 * All trees of a forest in flat, parallel typed arrays (one slot per node) so that scoring walks
 * contiguous memory instead of chasing objects. Within a tree, nodes are in breadth-first order
 * and the two children of a node are adjacent, so only the left child index is kept — and on
 * disk not even that, since breadth-first order lets the loader rebuild it.
 */
export interface ForestArrays {
  /** Split feature, or LEAF. */
  readonly feature: Int32Array;
  /** Split value (x <= value goes left); at a leaf, the path length it contributes. */
  readonly threshold: Float64Array;
  /** Index of the left child in these arrays; the right child is the next slot. */
  readonly left: Int32Array;
  /** How many points of the tree's sub-sample reached the node (explanations use it). */
  readonly nodeSize: Int32Array;
  /** Tree t owns nodes [treeOffsets[t], treeOffsets[t + 1]). */
  readonly treeOffsets: Int32Array;
}

/** Everything a trained detector consists of; what serialization writes and reads. */
export interface ModelState {
  readonly forest: ForestArrays;
  readonly nFeatures: number;
  readonly nEstimators: number;
  /** ψ: points drawn per tree; c(ψ) normalises scores. */
  readonly sampleSize: number;
  readonly trainingRows: number;
  readonly seed: number;
  /** undefined = scikit-learn's "auto": the fixed offset -0.5. */
  readonly contamination: number | undefined;
  /** scoreSamples below this value are anomalies (scikit-learn's offset_). */
  readonly offset: number;
  readonly featureStats: readonly FeatureStats[];
}
