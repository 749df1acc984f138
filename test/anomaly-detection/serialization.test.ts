import { describe, expect, it } from 'vitest';
import { CorruptModelError } from '../../src/anomaly-detection/errors.js';
import { IsolationForest } from '../../src/anomaly-detection/isolation-forest/index.js';
import { gaussianWithOutliers } from './gaussian-data.js';

const data = gaussianWithOutliers({ inliers: 3000, outliers: 50, features: 8, seed: 31 });
const model = IsolationForest.fit(data.rows, { nEstimators: 100, contamination: 0.02, seed: 37 });
const bytes = model.serialize();

function loadError(buffer: Uint8Array): CorruptModelError {
  try {
    IsolationForest.deserialize(buffer);
  } catch (error) {
    if (error instanceof CorruptModelError) return error;
    throw error;
  }
  throw new Error('the buffer was accepted');
}

describe('IsolationForest serialization', () => {
  it('round-trips to a model with identical scores, threshold and statistics', () => {
    const loaded = IsolationForest.deserialize(bytes);
    expect(loaded.scoreSamples(data.rows)).toEqual(model.scoreSamples(data.rows));
    expect(loaded.predict(data.rows)).toEqual(model.predict(data.rows));
    expect(loaded.explain(data.rows[3049]!, 3)).toEqual(model.explain(data.rows[3049]!, 3));
    expect({ ...loaded.featureStats }).toEqual({ ...model.featureStats });
    expect([loaded.offset, loaded.contamination, loaded.seed, loaded.sampleSize, loaded.nEstimators, loaded.nFeatures, loaded.trainingRows]).toEqual(
      [model.offset, 0.02, 37, 256, 100, 8, 3050],
    );
    expect(Buffer.compare(loaded.serialize(), bytes)).toBe(0);
  });

  it('keeps "auto" contamination as undefined', () => {
    const auto = IsolationForest.deserialize(IsolationForest.fit(data.rows, { seed: 1 }).serialize());
    expect(auto.contamination).toBeUndefined();
    expect(auto.offset).toBe(-0.5);
  });

  it('stays under 1 MB for 100 trees of 256 samples', () => {
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);
  });

  it('loads from a Buffer that is a slice of a larger allocation', () => {
    const padded = Buffer.concat([Buffer.alloc(3), bytes]).subarray(3);
    expect(IsolationForest.deserialize(padded).scoreSamples(data.rows)).toEqual(model.scoreSamples(data.rows));
  });

  it('rejects a buffer that is not a model', () => {
    const error = loadError(Buffer.from('{"not":"a model"} and some more bytes to pass the header length'));
    expect(error.code).toBe('ANOMALY_MODEL_CORRUPT');
    expect(error.reason).toBe('magic');
  });

  it('rejects another format version', () => {
    const future = Buffer.from(bytes);
    future.writeUInt16LE(2, 4);
    expect(loadError(future).reason).toBe('version');
  });

  it.each([0, 20, 1000, bytes.byteLength - 1])('rejects a buffer truncated to %i bytes', (length) => {
    expect(loadError(bytes.subarray(0, length)).reason).toBe('truncated');
  });

  it('rejects a flipped byte in the trees', () => {
    const corrupt = Buffer.from(bytes);
    corrupt[corrupt.byteLength - 100]! ^= 0x10;
    expect(loadError(corrupt).reason).toBe('checksum');
  });

  it('rejects trailing garbage', () => {
    expect(loadError(Buffer.concat([bytes, Buffer.from([0])])).reason).toBe('structure');
  });
});
