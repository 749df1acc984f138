import { InvalidFeatureMatrixError } from '../errors.js';

/** Rows of numbers laid out one after another: row r, feature f is `values[r * nFeatures + f]`. */
export interface RowMajorMatrix {
  readonly values: Float64Array;
  readonly nFeatures: number;
}

/** What the detector accepts: a row-major matrix (fast path) or an array of rows. */
export type MatrixInput = RowMajorMatrix | readonly ArrayLike<number>[];

/** A validated matrix: every value finite, the row count known. */
export interface FeatureMatrix extends RowMajorMatrix {
  readonly nRows: number;
}

function isRowMajor(input: MatrixInput): input is RowMajorMatrix {
  return !Array.isArray(input);
}

/**
 * Checks and, for arrays of rows, packs the input into one Float64Array so that the hot loops
 * read a single flat buffer. A row-major input is used as is (not copied).
 * `expectedFeatures` is the trained model's width when scoring.
 */
export function toFeatureMatrix(input: MatrixInput, expectedFeatures?: number): FeatureMatrix {
  const matrix = isRowMajor(input) ? checkRowMajor(input) : packRows(input);
  if (expectedFeatures !== undefined && matrix.nFeatures !== expectedFeatures) {
    throw new InvalidFeatureMatrixError(
      `The model was trained on ${expectedFeatures} features, the data has ${matrix.nFeatures}`,
    );
  }
  assertFinite(matrix);
  return matrix;
}

/** One row, checked against the model's width. */
export function toFeatureRow(row: ArrayLike<number>, expectedFeatures: number): FeatureMatrix {
  return toFeatureMatrix({ values: Float64Array.from(row), nFeatures: row.length }, expectedFeatures);
}

function checkRowMajor({ values, nFeatures }: RowMajorMatrix): FeatureMatrix {
  if (!Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new InvalidFeatureMatrixError(`nFeatures must be a positive integer, got ${nFeatures}`);
  }
  if (values.length === 0) throw new InvalidFeatureMatrixError('The data has no rows');
  if (values.length % nFeatures !== 0) {
    throw new InvalidFeatureMatrixError(
      `${values.length} values do not divide into rows of ${nFeatures} features`,
    );
  }
  return { values, nFeatures, nRows: values.length / nFeatures };
}

function packRows(rows: readonly ArrayLike<number>[]): FeatureMatrix {
  const first = rows[0];
  if (first === undefined) throw new InvalidFeatureMatrixError('The data has no rows');
  const nFeatures = first.length;
  if (nFeatures === 0) throw new InvalidFeatureMatrixError('The rows have no features');
  const values = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, r) => {
    if (row.length !== nFeatures) {
      throw new InvalidFeatureMatrixError(
        `Row ${r} has ${row.length} features, row 0 has ${nFeatures}`,
      );
    }
    for (let f = 0; f < nFeatures; f++) values[r * nFeatures + f] = row[f]!;
  });
  return { values, nFeatures, nRows: rows.length };
}

function assertFinite({ values, nFeatures }: FeatureMatrix): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    // NaN and ±Infinity are the only doubles for which v - v is not 0.
    if (value - value !== 0) {
      const row = Math.floor(i / nFeatures);
      throw new InvalidFeatureMatrixError(
        `Row ${row}, feature ${i - row * nFeatures} is ${value}; every value must be a finite number`,
      );
    }
  }
}
