import type { DeployDecision } from '../../entities/ml-model.entity.js';

import type { CachedGeoLocation } from '../geolocation/cache/cached-geo-location.js';

/** The kinds of anomalies, and of alerts: TLS_FAILURES is an alert about a domain's failing TLS sessions (SMTP TLS reports), never an anomaly. */
export type AnomalyKind = 'MODEL' | 'NEW_SENDING_IP' | 'NEW_COUNTRY' | 'VOLUME_SPIKE' | 'PASS_RATE_DROP' | 'TLS_FAILURES';

/** Where the source IP is, from the geolocation cache (detection never calls MaxMind itself). */
export type GeolocationView = CachedGeoLocation;

/** What the service hands to the API and, in `detectionFinished`, to the alerts. */
export interface AnomalyView {
  readonly kind: AnomalyKind;
  readonly modelId: string | null;
  readonly sourceIp: string;
  /** The policy domain a rule signal is about; null for model scores (see policyDomains). */
  readonly domain: string | null;
  /** Policy domains the IP sent mail for in the window. */
  readonly policyDomains: string[];
  /** scikit-learn convention: in [-1, 0], lower is more anomalous. */
  readonly score: number;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** Model features, or a rule's numeric evidence. */
  readonly features: Record<string, number>;
  /** One sentence per reason: "DMARC pass rate 3% against a median of 99%". */
  readonly reasons: string[];
  /** Structured details: model contributions or a rule's evidence. */
  readonly details: unknown[];
  readonly geolocation: GeolocationView | null;
  readonly detectedAt: Date;
}

export interface ModelView {
  readonly id: string;
  readonly modelType: string;
  readonly parameters: Record<string, unknown>;
  readonly featureNames: string[];
  readonly featureStats: Record<string, unknown>;
  readonly scoreDistribution: Record<string, unknown>;
  readonly threshold: number;
  readonly sampleCount: number;
  readonly trainingMs: number;
  readonly deployed: boolean;
  readonly deployedAt: Date | null;
  /** Set when the training job trained it: whether it was deployed automatically, and why. */
  readonly deployDecision: DeployDecision | null;
  readonly createdAt: Date;
}

export interface DetectionResult {
  readonly model: ModelView;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** Source IPs the model scored. */
  readonly scoredCount: number;
  /** The threshold used (sklearn scale). */
  readonly threshold: number;
  /** Model anomalies and rule signals, most anomalous first. */
  readonly anomalies: AnomalyView[];
  /** How many of them were not stored before (the ones listeners heard about). */
  readonly newCount: number;
}
