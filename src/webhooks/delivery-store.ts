import type { EntityManager } from '@mikro-orm/postgresql';
import { WebhookDelivery, WebhookDeliveryStatus } from '../../entities/webhook-delivery.entity.js';
import { selectRows } from '../database/raw-sql.js';
import { claimDueDeliveriesSql } from './webhook-sql.js';

/** A delivery a sender holds: what it needs to send it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly eventType: string;
  readonly body: string;
  /** Including the one about to be made. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly url: string;
  readonly secret: string;
}

/**
 * Takes up to `limit` due deliveries of enabled webhooks and holds them until `leaseUntil`: their
 * attempt is counted and their due time moved to the end of the lease, in the same statement.
 * SKIP LOCKED lets several instances (or the server and a worker) send side by side without
 * taking the same delivery; a sender that dies mid-attempt leaves it due again when the lease ends,
 * and it is sent again (the receiver recognises the repeat by its delivery id).
 */
export async function claimDueDeliveries(em: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await selectRows<{ id: string; event_type: string; body: string; attempts: number; max_attempts: number; url: string; secret: string }>(
    em,
    claimDueDeliveriesSql,
    [now, leaseUntil, limit],
  );
  return rows.map((row) => ({
    id: row.id, eventType: row.event_type, body: row.body, attempts: row.attempts, maxAttempts: row.max_attempts, url: row.url, secret: row.secret,
  }));
}

export type AttemptOutcome =
  | { readonly kind: 'succeeded'; readonly status: number }
  | { readonly kind: 'retry'; readonly status: number | null; readonly error: string; readonly nextAttemptAt: Date }
  | { readonly kind: 'failed'; readonly status: number | null; readonly error: string };

/**
 * Writes what attempt number `attempt` ended with. A sender whose lease ran out while it waited
 * finds the delivery taken again (`attempts` moved on) and writes nothing: the newer attempt's
 * result stands.
 */
export async function recordAttempt(em: EntityManager, id: string, attempt: number, outcome: AttemptOutcome, now: Date): Promise<void> {
  const fork = em.fork();
  const where = { id, attempts: attempt, status: WebhookDeliveryStatus.PENDING };
  if (outcome.kind === 'succeeded') {
    await fork.nativeUpdate(WebhookDelivery, where, {
      status: WebhookDeliveryStatus.SUCCEEDED, responseStatus: outcome.status, lastError: null, nextAttemptAt: null, completedAt: now,
    });
  } else if (outcome.kind === 'retry') {
    await fork.nativeUpdate(WebhookDelivery, where, { responseStatus: outcome.status, lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt });
  } else {
    await fork.nativeUpdate(WebhookDelivery, where, {
      status: WebhookDeliveryStatus.FAILED, responseStatus: outcome.status, lastError: outcome.error, nextAttemptAt: null, completedAt: now,
    });
  }
}
