import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../src/anomaly-detection/metrics/roc-auc.js';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts ties as one half (Mann–Whitney U)', () => {
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // Pairs (pos, neg): (0.8 > 0.3) 1, (0.8 > 0.5) 1, (0.5 = 0.5) ½, (0.5 > 0.3) 1 → 3.5 / 4.
    expect(rocAuc([0.3, 0.5, 0.5, 0.8], [0, 0, 1, 1])).toBe(0.875);
  });

  it('matches the pair-counting definition on an irregular example', () => {
    const scores = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const labels = [1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1];
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) => scores.forEach((n, j) => {
      if (labels[i] === 1 && labels[j] === 0) {
        pairs++;
        wins += p > n ? 1 : p === n ? 0.5 : 0;
      }
    }));
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
  });

  it('accepts boolean labels', () => {
    expect(rocAuc([1, 2], [false, true])).toBe(1);
  });

  it('rejects a single class, mismatched lengths and non-finite scores', () => {
    expect(() => rocAuc([1, 2], [1, 1])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => rocAuc([1, 2], [1])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => rocAuc([1, Number.NaN], [0, 1])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
