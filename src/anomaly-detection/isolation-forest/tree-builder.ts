import type { FeatureMatrix } from './feature-matrix.js';
import { LEAF, type ForestArrays } from './model.js';
import { heightLimit, leafPathLength } from './path-length.js';
import type { Xoshiro128 } from './prng.js';

/**
 * Grows isolation trees (Liu, Ting & Zhou 2008) breadth-first into preallocated typed arrays.
 * One builder grows the whole forest and reuses its scratch buffers for every tree.
 */
class ForestBuilder {
  private readonly values: Float64Array;
  private readonly nFeatures: number;
  private readonly maxDepth: number;
  /** A permutation of all row indices; partially reshuffled per tree to draw its sub-sample. */
  private readonly rowOrder: Int32Array;
  /** The current tree's sub-sample, partitioned in place as nodes split. */
  private readonly samples: Int32Array;
  /** A permutation of feature indices; its prefix is the order in which a node tries features. */
  private readonly featureOrder: Int32Array;
  /** Per node of the current tree (indexed from its root): sample range and depth. */
  private readonly rangeStart: Int32Array;
  private readonly rangeEnd: Int32Array;
  private readonly depth: Int32Array;

  private readonly nodesPerTree: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  nodeSize: Int32Array;
  private nodeCount = 0;

  /** Result of chooseSplit, kept in fields to avoid an allocation per node. */
  private splitFeature = LEAF;
  private splitValue = 0;

  constructor(
    matrix: FeatureMatrix,
    private readonly sampleSize: number,
    nEstimators: number,
    private readonly rng: Xoshiro128,
  ) {
    this.values = matrix.values;
    this.nFeatures = matrix.nFeatures;
    this.maxDepth = heightLimit(sampleSize);
    this.rowOrder = Int32Array.from({ length: matrix.nRows }, (_, i) => i);
    this.samples = new Int32Array(sampleSize);
    this.featureOrder = Int32Array.from({ length: matrix.nFeatures }, (_, i) => i);
    this.nodesPerTree = 2 * sampleSize - 1; // at most: a full binary tree over ψ leaves
    this.rangeStart = new Int32Array(this.nodesPerTree);
    this.rangeEnd = new Int32Array(this.nodesPerTree);
    this.depth = new Int32Array(this.nodesPerTree);
    // The height limit keeps real trees far smaller than 2ψ - 1 nodes when ψ is large, so start
    // from a guess and grow, rather than reserve the worst case for every tree.
    const capacity = nEstimators * Math.min(this.nodesPerTree, 1023);
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.nodeSize = new Int32Array(capacity);
  }

  private reserveTree(): void {
    const needed = this.nodeCount + this.nodesPerTree;
    if (needed <= this.feature.length) return;
    const capacity = Math.max(needed, 2 * this.feature.length);
    const grown = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.feature = grown(this.feature, new Int32Array(capacity));
    this.threshold = grown(this.threshold, new Float64Array(capacity));
    this.left = grown(this.left, new Int32Array(capacity));
    this.nodeSize = grown(this.nodeSize, new Int32Array(capacity));
  }

  /** Appends one tree; returns the index of its root. */
  growTree(): number {
    this.reserveTree();
    this.drawSubsample();
    const root = this.nodeCount;
    this.rangeStart[0] = 0;
    this.rangeEnd[0] = this.sampleSize;
    this.depth[0] = 0;
    let end = root + 1;
    // Breadth-first: nodes are processed in index order and children are appended in pairs.
    for (let node = root; node < end; node++) {
      const local = node - root;
      const start = this.rangeStart[local]!;
      const stop = this.rangeEnd[local]!;
      const depth = this.depth[local]!;
      const size = stop - start;
      this.nodeSize[node] = size;
      if (depth >= this.maxDepth || size <= 1 || !this.chooseSplit(start, stop)) {
        this.feature[node] = LEAF;
        this.threshold[node] = leafPathLength(depth, size);
        continue;
      }
      const middle = this.partition(start, stop);
      this.feature[node] = this.splitFeature;
      this.threshold[node] = this.splitValue;
      this.left[node] = end;
      const leftLocal = end - root;
      this.rangeStart[leftLocal] = start;
      this.rangeEnd[leftLocal] = middle;
      this.rangeStart[leftLocal + 1] = middle;
      this.rangeEnd[leftLocal + 1] = stop;
      this.depth[leftLocal] = depth + 1;
      this.depth[leftLocal + 1] = depth + 1;
      end += 2;
    }
    this.nodeCount = end;
    return root;
  }

  get size(): number {
    return this.nodeCount;
  }

  /** Partial Fisher–Yates: the first ψ slots of rowOrder become a uniform sample without replacement. */
  private drawSubsample(): void {
    const order = this.rowOrder;
    const n = order.length;
    for (let i = 0; i < this.sampleSize; i++) {
      const j = i + this.rng.nextInt(n - i);
      const picked = order[j]!;
      order[j] = order[i]!;
      order[i] = picked;
      this.samples[i] = picked;
    }
  }

  /**
   * Picks a random feature and a split value uniform in [min, max] of the node's points. Like
   * scikit-learn's random splitter, features that are constant in the node are skipped — they
   * cannot separate anything — and only when all are constant does the node become a leaf.
   */
  private chooseSplit(start: number, stop: number): boolean {
    const order = this.featureOrder;
    const nFeatures = this.nFeatures;
    const values = this.values;
    const samples = this.samples;
    for (let tried = 0; tried < nFeatures; tried++) {
      const j = tried + this.rng.nextInt(nFeatures - tried);
      const feature = order[j]!;
      order[j] = order[tried]!;
      order[tried] = feature;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = start; i < stop; i++) {
        const value = values[samples[i]! * nFeatures + feature]!;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      if (max > min) {
        const value = min + this.rng.nextFloat() * (max - min);
        this.splitFeature = feature;
        // Rounding can land on max, which would leave the right child empty.
        this.splitValue = value < max ? value : min;
        return true;
      }
    }
    return false;
  }

  /** Moves points with value <= split to the front of the range; returns where the right side starts. */
  private partition(start: number, stop: number): number {
    const samples = this.samples;
    const values = this.values;
    const nFeatures = this.nFeatures;
    const feature = this.splitFeature;
    const split = this.splitValue;
    let i = start;
    let j = stop - 1;
    while (i <= j) {
      const row = samples[i]!;
      if (values[row * nFeatures + feature]! <= split) {
        i++;
      } else {
        samples[i] = samples[j]!;
        samples[j] = row;
        j--;
      }
    }
    return i;
  }
}

export function growForest(
  matrix: FeatureMatrix,
  sampleSize: number,
  nEstimators: number,
  rng: Xoshiro128,
): ForestArrays {
  const builder = new ForestBuilder(matrix, sampleSize, nEstimators, rng);
  const treeOffsets = new Int32Array(nEstimators + 1);
  for (let t = 0; t < nEstimators; t++) treeOffsets[t] = builder.growTree();
  treeOffsets[nEstimators] = builder.size;
  const used = builder.size;
  // slice, not subarray: the unused tail of the preallocated capacity is released.
  return {
    feature: builder.feature.slice(0, used),
    threshold: builder.threshold.slice(0, used),
    left: builder.left.slice(0, used),
    nodeSize: builder.nodeSize.slice(0, used),
    treeOffsets,
  };
}
