import { describe, expect, it } from 'vitest';
import { BadUserInputError } from '../../src/errors/app-error.js';
import { InvalidDetectorParametersError, InvalidFeatureMatrixError } from '../../src/anomaly-detection/errors.js';
import { IsolationForest, type IsolationForestOptions } from '../../src/anomaly-detection/isolation-forest/index.js';
import type { MatrixInput } from '../../src/anomaly-detection/isolation-forest/index.js';

const rows = Array.from({ length: 50 }, (_, i) => [i, (i * 7) % 13]);

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('IsolationForest input validation', () => {
  it.each<[string, IsolationForestOptions]>([
    ['contamination 0', { contamination: 0 }],
    ['contamination above 0.5', { contamination: 0.6 }],
    ['negative contamination', { contamination: -0.1 }],
    ['NaN contamination', { contamination: Number.NaN }],
    ['nEstimators 0', { nEstimators: 0 }],
    ['fractional nEstimators', { nEstimators: 2.5 }],
    ['maxSamples 0', { maxSamples: 0 }],
    ['negative maxSamples', { maxSamples: -4 }],
    ['negative seed', { seed: -1 }],
  ])('rejects %s with BAD_USER_INPUT', (_, options) => {
    const error = thrown(() => IsolationForest.fit(rows, options));
    expect(error).toBeInstanceOf(InvalidDetectorParametersError);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', httpStatus: 400 });
  });

  it('reports every invalid parameter at once', () => {
    const error = thrown(() => IsolationForest.fit(rows, { contamination: 1, nEstimators: 0, maxSamples: 0 }));
    expect(error).toBeInstanceOf(InvalidDetectorParametersError);
    expect((error as InvalidDetectorParametersError).problems).toHaveLength(3);
  });

  it.each<[string, MatrixInput]>([
    ['no rows', []],
    ['rows without features', [[], []]],
    ['ragged rows', [[1, 2], [3]]],
    ['NaN', [[1, 2], [Number.NaN, 4]]],
    ['Infinity', [[1, Number.POSITIVE_INFINITY]]],
    ['-Infinity in a Float64Array', { values: Float64Array.of(1, 2, Number.NEGATIVE_INFINITY, 4), nFeatures: 2 }],
    ['a Float64Array that does not divide into rows', { values: new Float64Array(5), nFeatures: 2 }],
    ['an empty Float64Array', { values: new Float64Array(0), nFeatures: 3 }],
    ['nFeatures 0', { values: new Float64Array(4), nFeatures: 0 }],
  ])('rejects training data with %s', (_, data) => {
    const error = thrown(() => IsolationForest.fit(data, { seed: 1 }));
    expect(error).toBeInstanceOf(InvalidFeatureMatrixError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('names the row and feature of a non-finite value', () => {
    expect(() => IsolationForest.fit([[1, 2], [3, Number.NaN]])).toThrow(/Row 1, feature 1 is NaN/);
  });

  it('rejects scoring data whose feature count differs from training', () => {
    const model = IsolationForest.fit(rows, { seed: 1 });
    const error = thrown(() => model.scoreSamples([[1, 2, 3]]));
    expect(error).toBeInstanceOf(InvalidFeatureMatrixError);
    expect(String((error as Error).message)).toMatch(/trained on 2 features/);
    expect(thrown(() => model.predict([[1, Number.NaN]]))).toBeInstanceOf(InvalidFeatureMatrixError);
  });
});
