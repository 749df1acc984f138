import { Xoshiro128 } from '../../src/anomaly-detection/isolation-forest/prng.js';

export interface LabelledData {
  readonly rows: number[][];
  /** 1 = planted outlier. */
  readonly labels: number[];
}

/** Standard normal draws (Box–Muller) from a seeded generator, so every test run sees the same data. */
export function gaussianSource(seed: number): () => number {
  const rng = new Xoshiro128(seed);
  return () => {
    const u = 1 - rng.nextFloat(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
}

/**
 * `inliers` rows from N(0, 1) in every feature, then `outliers` rows whose features are drawn
 * 5–8 standard deviations out with a random sign — far from the bulk, but not all on one side.
 */
export function gaussianWithOutliers(options: {
  inliers: number;
  outliers: number;
  features: number;
  seed: number;
}): LabelledData {
  const normal = gaussianSource(options.seed);
  const uniform = new Xoshiro128(options.seed + 1);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < options.inliers; i++) {
    rows.push(Array.from({ length: options.features }, normal));
    labels.push(0);
  }
  for (let i = 0; i < options.outliers; i++) {
    rows.push(
      Array.from({ length: options.features }, () => {
        const magnitude = 5 + 3 * uniform.nextFloat();
        return uniform.nextFloat() < 0.5 ? -magnitude : magnitude;
      }),
    );
    labels.push(1);
  }
  return { rows, labels };
}
