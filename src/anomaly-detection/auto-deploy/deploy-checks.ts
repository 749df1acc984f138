import type { DeployCheck } from '../../../entities/ml-model.entity.js';
import type { IsolationForest } from '../isolation-forest/index.js';

/** What the checks look at for one model. */
export interface ModelUnderTest {
  readonly forest: IsolationForest;
  readonly threshold: number;
  readonly sampleCount: number;
  /** Quantiles of its training scores, keyed '0.05', '0.5', '0.95'... */
  readonly quantiles: Readonly<Record<string, number>>;
  readonly contamination: number;
}

const MIN_SCORE_SPREAD = 0.01;
/** A candidate may catch at most this much less of the planted set than the deployed model. */
const MAX_RECALL_LOSS = 0.1;
/** ...and must catch at least this much of it. */
const MIN_PLANTED_RECALL = 0.5;
/** Share of the deployed model's top anomalies of the recent window the candidate must also rank on top. */
const MIN_TOP_AGREEMENT = 0.3;

export function sampleCheck(candidate: ModelUnderTest, minimum: number): DeployCheck {
  return {
    name: 'enough-samples',
    passed: candidate.sampleCount >= minimum,
    detail: `${candidate.sampleCount} training samples (at least ${minimum} needed)`,
  };
}

/**
 * A forest whose scores barely vary (all senders alike, or one feature constant and the rest
 * noise) cannot rank anything; and ties at the threshold would flag far more than the expected
 * share.
 */
export function scoreDistributionCheck(candidate: ModelUnderTest): DeployCheck {
  const q05 = candidate.quantiles['0.05'];
  const q95 = candidate.quantiles['0.95'];
  if (q05 === undefined || q95 === undefined || !Number.isFinite(candidate.threshold)) {
    return { name: 'score-distribution', passed: false, detail: 'no score quantiles recorded' };
  }
  const spread = q95 - q05;
  const flagged = candidate.quantiles[String(Math.min(0.5, candidate.contamination * 2))];
  const tooMany = flagged !== undefined && flagged < candidate.threshold;
  const passed = spread >= MIN_SCORE_SPREAD && !tooMany;
  return {
    name: 'score-distribution',
    passed,
    detail: `5th-95th percentile spread ${spread.toFixed(4)} (at least ${MIN_SCORE_SPREAD})${tooMany ? `; more than twice the expected ${candidate.contamination} share is flagged` : ''}`,
  };
}

/** Share of `planted` rows a model flags (score below its threshold). */
export function plantedRecall(model: Pick<ModelUnderTest, 'forest' | 'threshold'>, planted: readonly Float64Array[]): number {
  if (planted.length === 0) return 0;
  const scores = model.forest.scoreSamples(planted as Float64Array[]);
  return scores.filter((s) => s < model.threshold).length / planted.length;
}

export function plantedRecallCheck(candidateRecall: number, deployedRecall: number | null, planted: number): DeployCheck {
  const floor = deployedRecall === null ? MIN_PLANTED_RECALL : Math.max(MIN_PLANTED_RECALL, deployedRecall - MAX_RECALL_LOSS);
  // A deployed model that itself catches less than the floor does not raise the bar above what it does.
  const bar = deployedRecall === null ? floor : Math.min(floor, deployedRecall);
  return {
    name: 'planted-recall',
    passed: candidateRecall >= bar,
    detail:
      `flags ${pct(candidateRecall)} of ${planted} planted spoofing senders` +
      (deployedRecall === null ? ` (no deployed model; at least ${pct(MIN_PLANTED_RECALL)} needed)` : ` against ${pct(deployedRecall)} for the deployed model (at least ${pct(bar)} needed)`),
  };
}

/**
 * Of the deployed model's k most anomalous senders in the recent window, the share the candidate
 * ranks among its own k most anomalous. k = 1% of the senders, at least 10.
 */
export function topAgreement(candidate: IsolationForest, deployed: IsolationForest, window: readonly Float64Array[]): { agreement: number; k: number } {
  const k = Math.min(window.length, Math.max(10, Math.ceil(window.length * 0.01)));
  if (k === 0) return { agreement: 1, k };
  const top = (forest: IsolationForest) =>
    new Set(
      Array.from(forest.scoreSamples(window as Float64Array[]), (score, index) => ({ score, index }))
        .sort((a, b) => a.score - b.score || a.index - b.index)
        .slice(0, k)
        .map((entry) => entry.index),
    );
  const mine = top(candidate);
  const theirs = top(deployed);
  let shared = 0;
  for (const index of theirs) if (mine.has(index)) shared++;
  return { agreement: shared / k, k };
}

export function topAgreementCheck(result: { agreement: number; k: number } | null, windowSize: number): DeployCheck {
  if (result === null) return { name: 'top-anomaly-agreement', passed: true, detail: 'no deployed model to compare with' };
  return {
    name: 'top-anomaly-agreement',
    passed: result.agreement >= MIN_TOP_AGREEMENT,
    detail: `shares ${pct(result.agreement)} of the deployed model's top ${result.k} anomalies among ${windowSize} senders of the last 7 days (at least ${pct(MIN_TOP_AGREEMENT)} needed)`,
  };
}

function pct(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}
