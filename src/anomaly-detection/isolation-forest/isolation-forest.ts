import { InvalidDetectorParametersError } from '../errors.js';
import { sumDensePathLengths, toDenseForest, type DenseForest } from './dense-forest.js';
import { explainRow, featureContributions, type FeatureContribution } from './explanation.js';
import { toFeatureMatrix, toFeatureRow, type FeatureMatrix, type MatrixInput } from './feature-matrix.js';
import { computeFeatureStats, type FeatureStats } from './feature-stats.js';
import type { ModelState } from './model.js';
import { resolveOptions, type IsolationForestOptions } from './options.js';
import { averagePathLength, heightLimit } from './path-length.js';
import { sumPathLengths } from './path-traversal.js';
import { Xoshiro128 } from './prng.js';
import { quantilesInPlace } from './quantile.js';
import { deserializeModel, serializeModel } from './serialization.js';
import { growForest } from './tree-builder.js';

/** scikit-learn's offset_ for contamination="auto": anomaly score 0.5. */
const AUTO_OFFSET = -0.5;

/**
 * A trained, immutable Isolation Forest (Liu, Ting & Zhou 2008) with scikit-learn's conventions:
 * `scoreSamples` is the negated anomaly score, in [-1, 0], lower = more anomalous, and a point is
 * an anomaly when its score is below `offset`.
 */
export class IsolationForest {
  private constructor(
    private readonly model: ModelState,
    /** The scoring layout; undefined when the trees are too tall to pad (see dense-forest.ts). */
    private readonly dense: DenseForest | undefined = toDenseForest(model.forest, heightLimit(model.sampleSize)),
  ) {}

  /** Trains on the rows of `data`; the same data, options and seed give a bit-identical model. */
  static fit(data: MatrixInput, options: IsolationForestOptions = {}): IsolationForest {
    const matrix = toFeatureMatrix(data);
    const { nEstimators, sampleSize, contamination, seed } = resolveOptions(
      options,
      matrix.nRows,
      matrix.nFeatures,
    );
    const forest = growForest(matrix, sampleSize, nEstimators, new Xoshiro128(seed));
    const untuned: ModelState = {
      forest,
      nFeatures: matrix.nFeatures,
      nEstimators,
      sampleSize,
      trainingRows: matrix.nRows,
      seed,
      contamination,
      offset: AUTO_OFFSET,
      featureStats: computeFeatureStats(matrix),
    };
    if (contamination === undefined) return new IsolationForest(untuned);
    // Like scikit-learn: the threshold is the contamination-quantile of the training scores.
    const untunedDetector = new IsolationForest(untuned);
    const [offset] = quantilesInPlace(untunedDetector.scoresOf(matrix), [contamination]) as [number];
    return new IsolationForest({ ...untuned, offset }, untunedDetector.dense);
  }

  /** Loads a model written by `serialize`; throws CorruptModelError for anything else. */
  static deserialize(buffer: Uint8Array): IsolationForest {
    return new IsolationForest(deserializeModel(buffer));
  }

  serialize(): Buffer {
    return serializeModel(this.model);
  }

  /** -s(x) per row: in [-1, 0], lower = more anomalous (scikit-learn's score_samples). */
  scoreSamples(data: MatrixInput): Float64Array {
    return this.scoresOf(toFeatureMatrix(data, this.model.nFeatures));
  }

  /** scoreSamples - offset: negative = anomaly (scikit-learn's decision_function). */
  decisionFunction(data: MatrixInput): Float64Array {
    return this.scoreSamples(data).map((score) => score - this.model.offset);
  }

  /** true = anomaly. */
  predict(data: MatrixInput): boolean[] {
    return Array.from(this.scoreSamples(data), (score) => score < this.model.offset);
  }

  /** The topK features that isolate `row` most, with where its value sits in the training data. */
  explain(row: ArrayLike<number>, topK = 3): FeatureContribution[] {
    if (!Number.isInteger(topK) || topK < 1) {
      throw new InvalidDetectorParametersError([`topK must be a positive integer, got ${topK}`]);
    }
    const { values } = toFeatureRow(row, this.model.nFeatures);
    const { forest, nFeatures, sampleSize, featureStats } = this.model;
    const contributions = featureContributions(forest, values, nFeatures, sampleSize);
    return explainRow(contributions, values, featureStats, topK);
  }

  get nFeatures(): number {
    return this.model.nFeatures;
  }

  get nEstimators(): number {
    return this.model.nEstimators;
  }

  /** ψ, the sub-sample size each tree was grown on. */
  get sampleSize(): number {
    return this.model.sampleSize;
  }

  get trainingRows(): number {
    return this.model.trainingRows;
  }

  get seed(): number {
    return this.model.seed;
  }

  get contamination(): number | undefined {
    return this.model.contamination;
  }

  /** Decision threshold on scoreSamples (scikit-learn's offset_). */
  get offset(): number {
    return this.model.offset;
  }

  get featureStats(): readonly FeatureStats[] {
    return this.model.featureStats;
  }

  private scoresOf(matrix: FeatureMatrix): Float64Array {
    const { forest, nEstimators, sampleSize } = this.model;
    const sums = this.dense ? sumDensePathLengths(this.dense, matrix) : sumPathLengths(forest, matrix);
    const normaliser = nEstimators * averagePathLength(sampleSize);
    // ψ = 1 makes c(ψ) = 0; every path is then 0 long and the score is 2^0 — no information.
    if (normaliser === 0) return sums.fill(-1);
    for (let r = 0; r < sums.length; r++) sums[r] = -Math.pow(2, -sums[r]! / normaliser);
    return sums;
  }
}

