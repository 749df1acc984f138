import { readFile } from 'node:fs/promises';
import type { RowMajorMatrix } from '../../src/anomaly-detection/isolation-forest/index.js';

/** A benchmark data set: numeric feature columns, then a `label` column (1 = outlier). */
export interface LabelledDataset {
  readonly name: string;
  readonly matrix: RowMajorMatrix;
  readonly rows: number[][];
  readonly labels: Uint8Array;
}

export async function readLabelledCsv(path: string, name: string): Promise<LabelledDataset> {
  const [header = '', ...lines] = (await readFile(path, 'utf8')).split(/\r?\n/).filter((line) => line !== '');
  const columns = header.split(',');
  if (columns.at(-1)?.trim() !== 'label') throw new Error(`${path}: the last column must be "label"`);
  const nFeatures = columns.length - 1;
  const rows = lines.map((line, i) => {
    const cells = line.split(',').map(Number);
    if (cells.length !== columns.length || cells.some((cell) => !Number.isFinite(cell))) {
      throw new Error(`${path}:${i + 2}: expected ${columns.length} numbers`);
    }
    return cells;
  });
  return {
    name,
    matrix: { values: Float64Array.from(rows.flatMap((row) => row.slice(0, nFeatures))), nFeatures },
    rows: rows.map((row) => row.slice(0, nFeatures)),
    labels: Uint8Array.from(rows, (row) => (row[nFeatures] === 1 ? 1 : 0)),
  };
}
