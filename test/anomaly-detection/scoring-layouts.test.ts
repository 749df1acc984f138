import { describe, expect, it } from 'vitest';
import { sumDensePathLengths, toDenseForest } from '../../src/anomaly-detection/isolation-forest/dense-forest.js';
import { toFeatureMatrix } from '../../src/anomaly-detection/isolation-forest/feature-matrix.js';
import { heightLimit } from '../../src/anomaly-detection/isolation-forest/path-length.js';
import { sumPathLengths } from '../../src/anomaly-detection/isolation-forest/path-traversal.js';
import { Xoshiro128 } from '../../src/anomaly-detection/isolation-forest/prng.js';
import { growForest } from '../../src/anomaly-detection/isolation-forest/tree-builder.js';
import { IsolationForest } from '../../src/anomaly-detection/isolation-forest/index.js';
import { gaussianWithOutliers } from './gaussian-data.js';

const data = gaussianWithOutliers({ inliers: 5000, outliers: 40, features: 5, seed: 47 });
const matrix = toFeatureMatrix(data.rows);

describe('scoring layouts', () => {
  it.each([1, 2, 37, 256, 1024])('the padded layout gives the same path lengths as the tree walk (ψ = %i)', (sampleSize) => {
    const forest = growForest(matrix, sampleSize, 20, new Xoshiro128(sampleSize));
    const dense = toDenseForest(forest, heightLimit(sampleSize));
    expect(dense).toBeDefined();
    expect(sumDensePathLengths(dense!, matrix)).toEqual(sumPathLengths(forest, matrix));
  });

  it('scores trees too tall to pad with the tree walk, and they still find the outliers', () => {
    const forest = growForest(matrix, 4096, 2, new Xoshiro128(1));
    expect(toDenseForest(forest, heightLimit(4096))).toBeUndefined();
    const model = IsolationForest.fit(data.rows, { maxSamples: 4096, nEstimators: 30, seed: 53 });
    const scores = model.scoreSamples(data.rows);
    const outliers = scores.filter((_, i) => data.labels[i] === 1);
    expect(Math.max(...outliers)).toBeLessThan(Math.min(...scores.slice(0, 100)));
  });
});
