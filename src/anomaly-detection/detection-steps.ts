import type { MlModel } from '../../entities/ml-model.entity.js';
import { BadUserInputError } from '../errors/app-error.js';
import type { AnomalyView, GeolocationView } from './anomaly-views.js';
import { describeContribution } from './explanation-text.js';
import { featureObject, type FeatureSet } from './features/compute-features.js';
import type { IsolationForest } from './isolation-forest/index.js';
import type { PredictionRow } from './prediction-store.js';
import type { RuleSignal } from './rules/rule-signal.js';
import type { DayWindow } from './day-windows.js';

/*
 * The steps of one detection run (AnomalyModelService.detect), each a function of its inputs:
 * check the threshold, find what the model scores below it, find what the rules fire on, then,
 * once stored, turn both into the views the API, alerts and subscriptions see.
 */

const EXPLAINED_FEATURES = 3;

/** Something a run found: the row it stores, and the policy domains the source sent mail for. */
export interface Finding {
  readonly row: PredictionRow;
  readonly policyDomains: string[];
}

/** A threshold given by the caller is on scikit-learn's scale, [-1, 0]. */
export function checkThreshold(threshold: number | null | undefined): void {
  if (threshold != null && !(threshold >= -1 && threshold <= 0)) {
    throw new BadUserInputError(`threshold must be in [-1, 0] (scikit-learn scale), got ${threshold}`);
  }
}

/** The window's sources the model scores below `threshold`, each with the features that explain it most. */
export function modelFindings(model: MlModel, forest: IsolationForest, features: FeatureSet, window: DayWindow, threshold: number): Finding[] {
  const scores = features.ips.length > 0 ? forest.scoreSamples(features.matrix) : new Float64Array(0);
  const findings: Finding[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!(scores[i]! < threshold)) continue;
    const row = features.matrix[i]!;
    findings.push({
      row: {
        modelId: model.id,
        kind: 'MODEL',
        sourceIp: features.ips[i]!,
        domain: null,
        windowStart: window.start,
        windowEnd: window.end,
        score: scores[i]!,
        features: featureObject(model.featureNames, row),
        explanation: forest.explain(row, EXPLAINED_FEATURES).map((c) => describeContribution(model.featureNames, c)),
      },
      policyDomains: features.policyDomains[i]!,
    });
  }
  return findings;
}

/** The rules' signals as findings, one per dedup key (two new countries can share their top IP). */
export function ruleFindings(signals: readonly RuleSignal[], window: DayWindow): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const signal of signals) {
    const key = `${signal.kind}|${signal.sourceIp}|${signal.domain}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({
      row: {
        modelId: null,
        kind: signal.kind,
        sourceIp: signal.sourceIp,
        domain: signal.domain,
        windowStart: window.start,
        windowEnd: window.end,
        score: signal.score,
        features: signal.evidence,
        explanation: [{ text: signal.text, evidence: signal.evidence, ...signal.context }],
      },
      policyDomains: [signal.domain],
    });
  }
  return findings;
}

/**
 * The stored findings as views, most anomalous first, with where each source is (`stored[i]` is
 * what storing said of `findings[i]`). `fresh` are those stored for the first time.
 */
export function anomalyViews(
  findings: readonly Finding[],
  stored: readonly { inserted: boolean; createdAt: Date }[],
  geolocations: ReadonlyMap<string, GeolocationView>,
): { anomalies: AnomalyView[]; fresh: AnomalyView[] } {
  const views = findings.map(({ row, policyDomains }, i) => ({
    view: {
      kind: row.kind,
      modelId: row.modelId,
      sourceIp: row.sourceIp,
      domain: row.domain,
      policyDomains,
      score: row.score,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      features: row.features,
      reasons: row.explanation.map((e) => (e as { text: string }).text),
      details: row.explanation,
      geolocation: geolocations.get(row.sourceIp) ?? null,
      detectedAt: stored[i]!.createdAt,
    } satisfies AnomalyView,
    isNew: stored[i]!.inserted,
  }));
  views.sort((a, b) => a.view.score - b.view.score || a.view.sourceIp.localeCompare(b.view.sourceIp));
  return { anomalies: views.map((v) => v.view), fresh: views.filter((v) => v.isNew).map((v) => v.view) };
}
