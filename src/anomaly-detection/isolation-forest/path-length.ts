const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points
 * (Liu et al. 2008, eq. 1). It normalises scores and stands in for the subtree an unsplit leaf
 * of n points would have grown. Same formula as scikit-learn's `_average_path_length`.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * What a leaf adds to a path: the edges walked so far plus c(size) for the points it did not
 * separate. Building and loading both go through here, so a reloaded model scores bit-identically.
 */
export function leafPathLength(depth: number, size: number): number {
  return depth + averagePathLength(size);
}

/** scikit-learn's height limit: ceil(log2(ψ)), the mean depth of a random tree over ψ points. */
export function heightLimit(sampleSize: number): number {
  return Math.ceil(Math.log2(Math.max(sampleSize, 2)));
}
