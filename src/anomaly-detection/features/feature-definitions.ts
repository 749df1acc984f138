/**
 * The per-source-IP features, in model column order. Names are stored in ml_models.feature_names,
 * so they are a contract: append new features, never rename or reorder (see FEATURES.md).
 */
export const FEATURE_NAMES = [
  'log_volume',
  'log_reports',
  'distinct_reporters',
  'distinct_header_from',
  'distinct_policy_domains',
  'dmarc_pass_rate',
  'spf_aligned_pass_rate',
  'dkim_aligned_pass_rate',
  'quarantine_reject_share',
  'forwarder_share',
  'active_days_share',
  'volume_change_log',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

type Format = 'rate' | 'count' | 'logCount' | 'logRatio';

interface FeatureDefinition {
  /** How an explanation names it: "DMARC pass rate 3% against a median of 99%". */
  readonly label: string;
  readonly format: Format;
}

export const FEATURE_DEFINITIONS: Readonly<Record<FeatureName, FeatureDefinition>> = {
  log_volume: { label: 'messages', format: 'logCount' },
  log_reports: { label: 'reports', format: 'logCount' },
  distinct_reporters: { label: 'reporting organizations', format: 'count' },
  distinct_header_from: { label: 'header-from domains', format: 'count' },
  distinct_policy_domains: { label: 'policy domains', format: 'count' },
  dmarc_pass_rate: { label: 'DMARC pass rate', format: 'rate' },
  spf_aligned_pass_rate: { label: 'aligned SPF pass rate', format: 'rate' },
  dkim_aligned_pass_rate: { label: 'aligned DKIM pass rate', format: 'rate' },
  quarantine_reject_share: { label: 'share quarantined or rejected', format: 'rate' },
  forwarder_share: { label: 'share with SPF failing but DKIM passing', format: 'rate' },
  active_days_share: { label: 'share of days active', format: 'rate' },
  volume_change_log: { label: 'volume vs previous window', format: 'logRatio' },
};

/** A feature value in the unit a person reads: 3%, 1,204 messages, 12x. */
export function formatFeatureValue(name: FeatureName, value: number): string {
  switch (FEATURE_DEFINITIONS[name].format) {
    case 'rate':
      return `${Math.round(value * 100)}%`;
    case 'count':
      return formatNumber(value);
    case 'logCount':
      return formatNumber(Math.expm1(value));
    case 'logRatio':
      return `${formatNumber(Math.exp(value))}x`;
  }
}

function formatNumber(value: number): string {
  const rounded = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-US');
}
