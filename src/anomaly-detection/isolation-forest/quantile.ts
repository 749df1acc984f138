/**
 * q-quantiles with linear interpolation between neighbours (numpy's default, which
 * scikit-learn uses for its contamination offset), by selection instead of a full sort:
 * O(n) per quantile rather than O(n log n), which matters for training sets of 10^5 rows.
 * `qs` must be ascending. Reorders `values`.
 */
export function quantilesInPlace(values: Float64Array, qs: readonly number[]): number[] {
  const last = values.length - 1;
  let from = 0;
  return qs.map((q) => {
    const position = last * q;
    const below = Math.floor(position);
    // Everything from `from` on is ≥ the previous quantile, so the search can start there.
    selectInPlace(values, below, from, last);
    from = below;
    const lower = values[below]!;
    if (below === last || position === below) return lower;
    const upper = minimum(values, below + 1, last);
    return lower + (upper - lower) * (position - below);
  });
}

/**
 * Hoare's quickselect: afterwards values[k] is the k-th smallest of values[lo..hi], with no
 * larger value before it and no smaller one after it.
 */
function selectInPlace(values: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[lo..j] ≤ pivot ≤ values[i..hi]; anything strictly between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

function minimum(values: Float64Array, from: number, to: number): number {
  let min = values[from]!;
  for (let i = from + 1; i <= to; i++) if (values[i]! < min) min = values[i]!;
  return min;
}
