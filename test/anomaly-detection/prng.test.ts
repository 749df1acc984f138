import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/anomaly-detection/isolation-forest/prng.js';

const draw = (seed: number, count: number) => {
  const rng = new Xoshiro128(seed);
  return Array.from({ length: count }, () => rng.nextUint32());
};

describe('Xoshiro128', () => {
  it('repeats its sequence for a seed and differs between adjacent seeds', () => {
    expect(draw(123, 50)).toEqual(draw(123, 50));
    expect(draw(123, 50)).not.toEqual(draw(124, 50));
  });

  it('draws floats in [0, 1) and integers in [0, bound) that cover the range evenly', () => {
    const rng = new Xoshiro128(7);
    const counts = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = rng.nextFloat();
      if (!(value >= 0 && value < 1)) outOfRange++;
      counts[rng.nextInt(10)]!++;
    }
    expect(outOfRange).toBe(0);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('works for seed 0 and the largest 32-bit seed', () => {
    expect(new Set(draw(0, 100)).size).toBe(100);
    expect(new Set(draw(0xffff_ffff, 100)).size).toBe(100);
  });
});
