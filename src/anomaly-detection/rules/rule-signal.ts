import type { AnomalyKind } from '../anomaly-views.js';

/** One fired rule, with the numbers that made it fire. */
export interface RuleSignal {
  readonly kind: Exclude<AnomalyKind, 'MODEL'>;
  readonly domain: string;
  /**
   * ml_predictions.source_ip is NOT NULL, so domain-wide signals name the IP that contributed most
   * (the largest sender on the spike day, the largest failing sender after a pass-rate drop).
   */
  readonly sourceIp: string;
  /** In [-1, 0] like model scores; lower is stronger evidence. */
  readonly score: number;
  readonly text: string;
  readonly evidence: Record<string, number>;
  /** Non-numeric evidence (days, countries, top senders). */
  readonly context: Record<string, unknown>;
}

export const RULE_THRESHOLDS = {
  /** VOLUME_SPIKE fires when a day carries more than this times the trailing median. */
  spikeFactor: 3,
  /** Days before the window the trailing median looks at, and how many must have traffic. */
  spikeBaselineDays: 28,
  spikeMinBaselineDays: 7,
  /** PASS_RATE_DROP fires on a drop of more than this many points (as a fraction). */
  passRateDrop: 0.2,
  /** Both windows need this many messages, so a handful of messages cannot fire it. */
  passRateMinMessages: 50,
  /** At most this many NEW_SENDING_IP signals per run (largest volume first). */
  maxNewIpSignals: 1_000,
} as const;

export function clampScore(strength: number): number {
  return -Math.min(1, Math.max(0, strength));
}
