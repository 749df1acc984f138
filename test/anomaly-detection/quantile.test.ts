import { describe, expect, it } from 'vitest';
import { quantilesInPlace } from '../../src/anomaly-detection/isolation-forest/quantile.js';
import { gaussianSource } from './gaussian-data.js';

/** The textbook definition: sort, then interpolate linearly (numpy's default). */
function sortedQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return sorted[below]! + (upper - sorted[below]!) * (position - below);
}

describe('quantilesInPlace', () => {
  const qs = [0, 0.01, 0.25, 0.5, 0.75, 0.999, 1];
  const normal = gaussianSource(59);

  it.each([
    ['continuous values', Array.from({ length: 1001 }, normal)],
    ['many duplicates', Array.from({ length: 500 }, () => Math.round(normal()))],
    ['an even count', Array.from({ length: 10 }, (_, i) => 10 - i)],
    ['one value', [4.5]],
    ['all equal', new Array<number>(64).fill(2)],
  ])('matches sort-and-interpolate for %s', (_, values) => {
    expect(quantilesInPlace(Float64Array.from(values), qs)).toEqual(qs.map((q) => sortedQuantile(values, q)));
  });

  it('interpolates like numpy: quartiles of 1..4 are 1.75, 2.5 and 3.25', () => {
    expect(quantilesInPlace(Float64Array.of(4, 1, 3, 2), [0.25, 0.5, 0.75])).toEqual([1.75, 2.5, 3.25]);
  });
});
