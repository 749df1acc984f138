import type { WebhookDeliveryStatus } from '../../entities/webhook-delivery.entity.js';
import type { WebhookFilter } from './webhook-filter.js';

export interface WebhookSummary {
  readonly id: string;
  readonly url: string;
  readonly filter: WebhookFilter;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly createdById: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DeliverySummary {
  readonly id: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly alertId: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  /** Pending: when the next attempt is due. Null once it succeeded or failed for good. */
  readonly nextAttemptAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly responseStatus: number | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

/** What one deliverDue pass did. */
export interface DeliveryRun {
  readonly attempted: number;
  readonly succeeded: number;
  /** Failed for good: out of attempts, or a refused target. */
  readonly failed: number;
  /** Failed this time, another attempt is scheduled. */
  readonly retrying: number;
}
