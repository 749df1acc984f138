import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Webhook } from './webhook.entity.js';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/**
 * One event for one webhook, kept in PostgreSQL from the moment it is queued, so a restart loses
 * nothing. `body` is serialized once: every attempt sends the same bytes (with a fresh signature).
 */
@Entity({ tableName: 'webhook_deliveries' })
// What the sender looks for: pending deliveries by due time.
@Index({ name: 'webhook_deliveries_due_idx', expression: `create index "webhook_deliveries_due_idx" on "webhook_deliveries" ("next_attempt_at") where "status" = 'PENDING'` })
@Index({ name: 'webhook_deliveries_webhook_created_idx', properties: ['webhook', 'createdAt', 'id'] })
@Index({ name: 'webhook_deliveries_created_idx', properties: ['createdAt', 'id'] })
export class WebhookDelivery {
  /** Made before the row, since the body carries it: also the X-Dmarc-Delivery header. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne({ entity: () => Webhook, deleteRule: 'cascade' })
  webhook!: Webhook;

  /** alert.raised, alert.updated, webhook.test */
  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'text' })
  alertId!: string;

  @Property({ type: 'text', lazy: true })
  body!: string;

  @Enum({ items: () => WebhookDeliveryStatus })
  status!: WebhookDeliveryStatus;

  @Property({ type: 'integer', default: 0 })
  attempts: number & Opt = 0;

  @Property({ type: 'integer' })
  maxAttempts!: number;

  /** When the next attempt is due (pending), or until when a sender holds it (an attempt under way). */
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'integer', nullable: true })
  responseStatus?: number | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  /** When it succeeded or failed for good. */
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;
}
