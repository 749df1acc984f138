import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';

/**
 * What a webhook says about an alert: the fields of the GraphQL `Alert` type (CONTRACTS.md), as
 * the alert service hands them to `onRaised` / `onUpdated` listeners (its `AlertView`). Kept as a
 * plain interface so this module needs nothing from src/alerts/ to be built and tested.
 */
export interface WebhookAlert {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly state: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'SUPPRESSED';
  /** Severity in [0, 1]: higher is more anomalous. */
  readonly score: number;
  readonly sourceIp: string;
  readonly domains: readonly string[];
  readonly countryCode?: string | null;
  readonly city?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly asn?: number | null;
  readonly asOrganization?: string | null;
  readonly reasons: readonly string[];
  readonly modelId?: string | null;
  readonly messageCount: number;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly createdAt: Date;
  readonly stateChangedAt?: Date | null;
  readonly stateChangedBy?: string | null;
  readonly comment?: string | null;
}

/** The events a webhook receives. `alert.updated` comes with the alert lifecycle (acknowledge, resolve, suppress). */
export type WebhookEventType = 'alert.raised' | 'alert.updated' | 'webhook.test';
