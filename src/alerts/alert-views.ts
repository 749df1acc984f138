import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import type { AlertSender } from './alert-sender.js';

export type AlertState = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'SUPPRESSED';

/** An alert as the API, the event bus and the alertsRaised/alertsUpdated reactions see it (same fields as the GraphQL type). */
export interface AlertView {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly state: AlertState;
  /** Severity in [0, 1]: higher is more anomalous (= -scikit-learn score). */
  readonly score: number;
  /** Null for an alert about a domain rather than a sender (TLS_FAILURES). */
  readonly sourceIp: string | null;
  readonly domains: string[];
  readonly countryCode: string | null;
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly asn: number | null;
  readonly asOrganization: string | null;
  /** The explanation in words, one sentence per reason. */
  readonly reasons: string[];
  /** The numbers behind the reasons: model features or the rule's evidence. */
  readonly evidence: Record<string, number>;
  readonly modelId: string | null;
  readonly messageCount: number;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly createdAt: Date;
  readonly stateChangedAt: Date | null;
  readonly stateChangedBy: string | null;
  readonly comment: string | null;
  /** The suppression rule that suppressed it, if any. */
  readonly suppressionRuleId: string | null;
  /** Who the source is, named and classified when the alert was raised or last refreshed; null when unknown. */
  readonly sender: AlertSender | null;
  /** Failure samples from its source IP kept as its evidence (src/failure-reports/alert-evidence.ts). */
  readonly failureReportCount: number;
}

export interface AlertStateChangeView {
  readonly fromState: AlertState | null;
  readonly toState: AlertState;
  readonly actor: string;
  readonly comment: string | null;
  readonly at: Date;
}

/** The alerts a query or a bulk change is about; absent parts match everything. */
export interface AlertFilter {
  readonly states?: readonly AlertState[] | null;
  readonly kinds?: readonly AnomalyKind[] | null;
  /** Any of the alert's domains. */
  readonly domains?: readonly string[] | null;
  readonly countries?: readonly string[] | null;
  /** Severity in [0, 1]. */
  readonly minScore?: number | null;
  /** Raised at or after. */
  readonly since?: Date | null;
  /** Raised before. */
  readonly until?: Date | null;
  readonly sourceIp?: string | null;
}

export interface AlertCounts {
  readonly open: number;
  readonly acknowledged: number;
  readonly resolved: number;
  readonly suppressed: number;
}

/** What one detection run did to the alerts. */
export interface AlertDetectionOutcome {
  readonly raised: AlertView[];
  /** Active alerts seen again: lastSeenAt and messageCount moved. */
  readonly refreshed: number;
  /** New alerts a suppression rule stored as SUPPRESSED (not raised). */
  readonly suppressed: number;
  /** Anomalies whose alert was closed within the cooldown: nothing raised. */
  readonly coolingDown: number;
}
