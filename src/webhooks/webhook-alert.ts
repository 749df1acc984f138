import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import type { StoredGeoFields } from '../geolocation/stored-geolocation.js';

/**
 * What a webhook says about an alert: the fields of the GraphQL `Alert` type, as
 * the alert service emits them in `alertsRaised` / `alertsUpdated` (its `AlertView`), the
 * location as the stored columns (countryCode ... asOrganization). Kept as a
 * plain interface so this module needs nothing from src/alerts/ to be built and tested.
 */
export interface WebhookAlert extends StoredGeoFields {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly state: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'SUPPRESSED';
  /** Severity in [0, 1]: higher is more anomalous. */
  readonly score: number;
  /** Null for an alert about a domain rather than a sender (TLS_FAILURES). */
  readonly sourceIp: string | null;
  readonly domains: readonly string[];
  readonly reasons: readonly string[];
  readonly modelId?: string | null;
  readonly messageCount: number;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly createdAt: Date;
  readonly stateChangedAt?: Date | null;
  readonly stateChangedBy?: string | null;
  readonly comment?: string | null;
  /** The numbers behind the reasons: model features or the rule's evidence. */
  readonly evidence?: Readonly<Record<string, number>>;
  /** The suppression rule that suppressed it, if any. */
  readonly suppressionRuleId?: string | null;
  /** Who the source is (the GraphQL Alert.sender): its name, classification and a summary in words. */
  readonly sender?: {
    readonly id: string;
    readonly domain: string;
    readonly name: string;
    readonly type: string;
    readonly classification: string;
    readonly confidence: number;
    readonly approval: string;
    readonly summary: string;
  } | null;
  /** Failure samples from its source IP kept as its evidence (read them through the API). */
  readonly failureReportCount?: number;
}

/** One change of an alert's state, as the GraphQL `Alert.history` lists it. */
export interface WebhookAlertStateChange {
  readonly fromState: WebhookAlert['state'] | null;
  readonly toState: WebhookAlert['state'];
  readonly actor: string;
  readonly comment: string | null;
  readonly at: Date;
}

/** Every change of each alert's state, oldest first, by alert id (the alert service's `histories`). */
export type AlertHistories = (alertIds: readonly string[]) => Promise<ReadonlyMap<string, readonly WebhookAlertStateChange[]>>;

/** The events a webhook receives. `alert.updated` comes with the alert lifecycle (acknowledge, resolve, suppress). */
export type WebhookEventType = 'alert.raised' | 'alert.updated' | 'webhook.test';
