import { describe, expect, it } from 'vitest';
import { IsolationForest } from '../../src/anomaly-detection/isolation-forest/index.js';
import { gaussianSource } from './gaussian-data.js';

// Six features like a DMARC sender's daily profile: all roughly normal around their own centre.
const centres = [0.99, 120, 3, 0.5, 40, 7];
const spreads = [0.005, 15, 1, 0.1, 5, 2];
const normal = gaussianSource(41);
const rows = Array.from({ length: 2000 }, () => centres.map((centre, f) => centre + spreads[f]! * normal()));
const model = IsolationForest.fit(rows, { seed: 43 });

describe('IsolationForest.explain', () => {
  it.each([0, 1, 4])('names the planted feature %i first for a point that is typical elsewhere', (planted) => {
    const point = [...centres];
    point[planted] = centres[planted]! - 12 * spreads[planted]!;
    const [top, ...rest] = model.explain(point, 3);
    expect(top!.featureIndex).toBe(planted);
    expect(top!.value).toBe(point[planted]);
    expect(Math.abs(top!.median - centres[planted]!)).toBeLessThan(0.1 * spreads[planted]!);
    expect(top!.deviation).toBeLessThan(-8);
    expect(top!.contribution).toBeGreaterThan(0.5);
    expect(rest).toHaveLength(2);
    for (const other of rest) expect(other.contribution).toBeLessThan(top!.contribution);
  });

  it('returns contributions that sum to 1 over all features, sorted', () => {
    const all = model.explain(rows[0]!, 6);
    expect(all.map((c) => c.featureIndex).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(1, 10);
    for (let i = 1; i < all.length; i++) expect(all[i]!.contribution).toBeLessThanOrEqual(all[i - 1]!.contribution);
  });

  it('carries the training statistics the service layer needs for its text', () => {
    const stats = model.featureStats[0]!;
    const [first] = model.explain(rows[5]!, 1);
    const sameFeature = model.featureStats[first!.featureIndex]!;
    expect(first).toMatchObject({ median: sameFeature.median, q1: sameFeature.q1, q3: sameFeature.q3, min: sameFeature.min, max: sameFeature.max });
    expect(stats.q1).toBeLessThan(stats.median);
    expect(stats.median).toBeLessThan(stats.q3);
    expect(stats.min).toBeLessThanOrEqual(stats.q1);
    expect(stats.max).toBeGreaterThanOrEqual(stats.q3);
    expect(stats.mean).toBeCloseTo(0.99, 2);
    expect(stats.std).toBeCloseTo(0.005, 3);
  });

  it('rejects a topK that is not a positive integer and a row of the wrong width', () => {
    expect(() => model.explain(rows[0]!, 0)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => model.explain([1, 2, 3], 2)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
