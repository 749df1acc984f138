import { FEATURE_DEFINITIONS, FEATURE_NAMES, formatFeatureValue, type FeatureName } from './features/feature-definitions.js';
import type { FeatureContribution } from './isolation-forest/index.js';

export interface StoredContribution {
  readonly feature: string;
  readonly value: number;
  readonly median: number;
  readonly contribution: number;
  readonly deviation: number;
  readonly text: string;
}

/** "DMARC pass rate 3% against a median of 99%", in the feature's own unit. */
export function describeContribution(featureNames: readonly string[], c: FeatureContribution): StoredContribution {
  const feature = featureNames[c.featureIndex] ?? `feature ${c.featureIndex}`;
  const known = (FEATURE_NAMES as readonly string[]).includes(feature) ? (feature as FeatureName) : undefined;
  const text = known
    ? `${FEATURE_DEFINITIONS[known].label} ${formatFeatureValue(known, c.value)} against a median of ${formatFeatureValue(known, c.median)}`
    : `${feature} ${c.value.toPrecision(3)} against a median of ${c.median.toPrecision(3)}`;
  return { feature, value: c.value, median: c.median, contribution: c.contribution, deviation: c.deviation, text };
}
