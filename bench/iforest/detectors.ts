import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IsolationForest as MlIsolationForest } from 'ml-isolation-forest';
import { IsolationForest } from '../../src/anomaly-detection/isolation-forest/index.js';
import { rocAuc } from '../../src/anomaly-detection/metrics/roc-auc.js';
import { projectRoot } from '../../src/paths.js';
import type { LabelledDataset } from './labelled-csv.js';
import { summarize, type DetectorSummary, type RunMeasurement } from './summary.js';

const TREES = 100;
const MAX_SAMPLES = 256;

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
}

/** Untimed runs first, so that the timed ones measure the JIT's optimised code, not the interpreter. */
const WARMUP_RUNS = 3;

/** Ours, one run per seed firstSeed .. firstSeed+seeds-1. */
export function benchOurs(
  dataset: LabelledDataset,
  seeds: number,
  firstSeed = 0,
): DetectorSummary & { modelBytes: number } {
  const options = { nEstimators: TREES, maxSamples: MAX_SAMPLES };
  for (let run = 0; run < WARMUP_RUNS; run++) {
    IsolationForest.fit(dataset.matrix, { ...options, seed: firstSeed + seeds + run }).scoreSamples(dataset.matrix);
  }
  let modelBytes = 0;
  const runs = Array.from({ length: seeds }, (_, index): RunMeasurement => {
    const seed = firstSeed + index;
    const [model, fitMs] = timed(() => IsolationForest.fit(dataset.matrix, { ...options, seed }));
    const [scores, scoreMs] = timed(() => model.scoreSamples(dataset.matrix));
    modelBytes = model.serialize().byteLength;
    return { auc: rocAuc(scores.map((s) => -s), dataset.labels), fitMs, scoreMs };
  });
  return { ...summarize(runs), modelBytes };
}

/** ml-isolation-forest 0.1.0: unseeded (Math.random), so runs differ but cannot be replayed. */
export function benchMlIsolationForest(dataset: LabelledDataset, runs: number): DetectorSummary {
  return summarize(
    Array.from({ length: runs }, (): RunMeasurement => {
      const model = new MlIsolationForest({ nEstimators: TREES });
      const [, fitMs] = timed(() => model.train(dataset.rows));
      const [scores, scoreMs] = timed(() => model.predict(dataset.rows));
      return { auc: rocAuc(scores, dataset.labels), fitMs, scoreMs };
    }),
  );
}

export type SklearnOutcome =
  | { readonly available: true; readonly summary: DetectorSummary }
  | { readonly available: false; readonly reason: string };

/** scikit-learn in a python3 child process (bench/iforest/sklearn_iforest.py). */
export function benchSklearn(csvPath: string, seeds: number, firstSeed = 0): SklearnOutcome {
  const script = join(projectRoot, 'bench', 'iforest', 'sklearn_iforest.py');
  const child = spawnSync('python3', [script, csvPath, String(seeds), String(firstSeed)], { encoding: 'utf8' });
  if (child.error) {
    return {
      available: false,
      reason: `cannot run python3 (${child.error.message}); install Python 3, then: pip install scikit-learn`,
    };
  }
  if (child.status !== 0) {
    return { available: false, reason: child.stderr.trim() || `python3 exited with ${child.status}` };
  }
  const result = JSON.parse(child.stdout) as Record<'auc_mean' | 'auc_sd' | 'fit_ms' | 'score_ms', number>;
  return {
    available: true,
    summary: { aucMean: result.auc_mean, aucSd: result.auc_sd, fitMs: result.fit_ms, scoreMs: result.score_ms },
  };
}
