import { describe, expect, it } from 'vitest';
import { IsolationForest } from '../../src/anomaly-detection/isolation-forest/index.js';
import { rocAuc } from '../../src/anomaly-detection/metrics/roc-auc.js';
import { gaussianSource, gaussianWithOutliers } from './gaussian-data.js';

const data = gaussianWithOutliers({ inliers: 1000, outliers: 30, features: 4, seed: 7 });

describe('IsolationForest', () => {
  it('gives a bit-identical model and identical scores for the same data and seed', () => {
    const a = IsolationForest.fit(data.rows, { seed: 42 });
    const b = IsolationForest.fit(data.rows, { seed: 42 });
    expect(Buffer.compare(a.serialize(), b.serialize())).toBe(0);
    expect(b.scoreSamples(data.rows)).toEqual(a.scoreSamples(data.rows));
  });

  it('grows different trees for different seeds', () => {
    const a = IsolationForest.fit(data.rows, { seed: 1 });
    const b = IsolationForest.fit(data.rows, { seed: 2 });
    expect(Buffer.compare(a.serialize(), b.serialize())).not.toBe(0);
    expect(b.scoreSamples(data.rows)).not.toEqual(a.scoreSamples(data.rows));
  });

  it('records a random seed when none is given, and that seed replays the model', () => {
    const unseeded = IsolationForest.fit(data.rows);
    const replayed = IsolationForest.fit(data.rows, { seed: unseeded.seed });
    expect(Buffer.compare(replayed.serialize(), unseeded.serialize())).toBe(0);
  });

  it('accepts a row-major Float64Array and an array of rows alike', () => {
    const matrix = { values: Float64Array.from(data.rows.flat()), nFeatures: 4 };
    const fromMatrix = IsolationForest.fit(matrix, { seed: 3 });
    const fromRows = IsolationForest.fit(data.rows, { seed: 3 });
    expect(fromMatrix.scoreSamples(matrix)).toEqual(fromRows.scoreSamples(data.rows));
  });

  it('returns scikit-learn style scores in [-1, 0]', () => {
    const scores = IsolationForest.fit(data.rows, { seed: 5 }).scoreSamples(data.rows);
    expect(scores).toHaveLength(data.rows.length);
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(-1);
      expect(score).toBeLessThanOrEqual(0);
    }
  });

  it('scores planted outliers lower than inliers (ROC AUC > 0.95)', () => {
    const scores = IsolationForest.fit(data.rows, { seed: 11 }).scoreSamples(data.rows);
    const outlierMean = mean(scores.filter((_, i) => data.labels[i] === 1));
    const inlierMean = mean(scores.filter((_, i) => data.labels[i] === 0));
    expect(outlierMean).toBeLessThan(inlierMean);
    expect(outlierMean).toBeLessThan(-0.5);
    expect(rocAuc(scores.map((s) => -s), data.labels)).toBeGreaterThan(0.95);
  });

  it('scores points it never saw: a far point is an anomaly, the centre is not', () => {
    const model = IsolationForest.fit(data.rows, { seed: 13 });
    expect(model.predict([[9, -9, 9, -9], [0, 0, 0, 0]])).toEqual([true, false]);
  });

  it.each([0.01, 0.05, 0.1, 0.25])('flags about a %s share of the training data with that contamination', (contamination) => {
    const normal = gaussianSource(99);
    const rows = Array.from({ length: 2000 }, () => [normal(), normal(), normal()]);
    const model = IsolationForest.fit(rows, { contamination, seed: 17 });
    const flagged = model.predict(rows).filter(Boolean).length / rows.length;
    expect(model.contamination).toBe(contamination);
    expect(flagged).toBeCloseTo(contamination, 2);
    expect(model.decisionFunction(rows).filter((d) => d < 0).length / rows.length).toBe(flagged);
  });

  it('uses scikit-learn\'s "auto" threshold of -0.5 without contamination', () => {
    const model = IsolationForest.fit(data.rows, { seed: 19 });
    expect(model.offset).toBe(-0.5);
    expect(model.contamination).toBeUndefined();
  });

  it('caps the sub-sample at the row count and keeps the requested tree count', () => {
    const model = IsolationForest.fit(data.rows.slice(0, 100), { nEstimators: 25, seed: 23 });
    expect(model.sampleSize).toBe(100);
    expect(model.nEstimators).toBe(25);
    expect(IsolationForest.fit(data.rows, { seed: 23 }).sampleSize).toBe(256);
  });

  it('handles constant features and duplicate rows (nothing to split on)', () => {
    const rows = Array.from({ length: 300 }, () => [1, 2, 3]);
    const scores = IsolationForest.fit(rows, { seed: 29 }).scoreSamples(rows);
    expect(new Set(scores).size).toBe(1);
    expect(scores[0]).toBeGreaterThanOrEqual(-1);
    expect(scores[0]).toBeLessThanOrEqual(0);
  });
});

function mean(values: Float64Array): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
