import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../entities/user.entity.js';
import { WebhookDelivery, WebhookDeliveryStatus } from '../../entities/webhook-delivery.entity.js';
import { Webhook, type WebhookFilterJson } from '../../entities/webhook.entity.js';
import { alertMatchesFilter } from '../alerts/alert-filter.js';
import { systemClock, type Clock } from '../auth/clock.js';
import type { Config } from '../config/config.js';
import { randomBase62 } from '../auth/random-secret.js';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import { createdAtCursor, descendingAfter } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';
import { serviceName, serviceVersion } from '../version.js';
import { claimDueDeliveries, recordAttempt, type AttemptOutcome, type ClaimedDelivery } from './delivery-store.js';
import { DEFAULT_RETRY_DELAYS_MS, retryDelayMs } from './retry-schedule.js';
import { parseWebhookUrl } from './target-policy.js';
import type { AlertHistories, WebhookAlert, WebhookEventType } from './webhook-alert.js';
import { normalizeWebhookFilter, type WebhookFilter } from './webhook-filter.js';
import { postWebhook } from './webhook-http.js';
import { webhookBody } from './webhook-payload.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature.js';
import type { DeliveryRun, DeliverySummary, WebhookSummary } from './webhook-views.js';
import { pendingDeliveryCountsSql } from './webhook-sql.js';

/** The WEBHOOK_* settings the sender uses (src/config/config.ts); the poll interval belongs to its trigger. */
export type WebhookSettings = Omit<Config['webhooks'], 'pollIntervalMs'>;

export interface WebhookServiceOptions {
  /** Forked for every operation. */
  readonly em: EntityManager;
  readonly logger: Logger;
  readonly settings: WebhookSettings;
  readonly now?: Clock;
  /** Waits after the 1st, 2nd, ... failure; the last repeats. */
  readonly retryDelaysMs?: readonly number[];
  /** In [0, 1): the jitter of retry delays. */
  readonly random?: () => number;
}

export const MAX_DELIVERIES_PAGE = 100;
const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 200;
/** How long after its attempt started a held delivery becomes due again if its sender vanished. */
const LEASE_MARGIN_MS = 60_000;
/** Bounds one deliverDue pass, so a large backlog cannot keep one call running for hours. */
const MAX_BATCHES_PER_PASS = 50;

/** Who changed a webhook, from where: in the audit log lines (created, updated, deleted, tested). */
export interface WebhookAudit {
  /** The user's e-mail or `api key <id>`. */
  readonly by: string;
  /** The client's address as TRUST_PROXY resolves it (src/http/client-address.ts). */
  readonly clientIp: string;
}

/**
 * Outbound webhooks: endpoints registered by administrators, and the deliveries of alerts to them.
 *
 * `enqueue` stores one pending delivery per matching enabled webhook and returns; sending happens
 * in the background (`deliverDue`, started at once and by a periodic trigger), with retries and
 * exponential backoff, and at most `concurrency` requests in flight per process. Delivery is at
 * least once: a process that dies between sending and recording sends again after the lease, and
 * the receiver drops the repeat by its delivery id.
 */
export class WebhookService {
  private readonly now: Clock;
  private readonly retryDelaysMs: readonly number[];
  private readonly random: () => number;
  private readonly userAgent = `${serviceName}-webhooks/${serviceVersion}`;
  /** The background pass running now, and whether another was asked for meanwhile. */
  private pass: Promise<void> | null = null;
  private passRequested = false;
  private stopped = false;

  constructor(private readonly options: WebhookServiceOptions) {
    this.now = options.now ?? systemClock;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.random = options.random ?? Math.random;
  }

  get settings(): WebhookSettings {
    return this.options.settings;
  }

  /** A new endpoint. Without `secret` one is generated; either way the answer is the only place it is shown. */
  async create(
    input: { url: string; filter?: WebhookFilter | null; secret?: string | null; description?: string | null; createdBy?: string | null },
    audit?: WebhookAudit,
  ): Promise<{ webhook: WebhookSummary; secret: string }> {
    const url = parseWebhookUrl(input.url, this.settings.allowPrivateTargets).href;
    const filter = normalizeWebhookFilter(input.filter) as WebhookFilterJson;
    const secret = input.secret != null ? checkSecret(input.secret) : `whsec_${randomBase62(40)}`;
    const description = checkDescription(input.description);
    const em = this.options.em.fork();
    const createdBy = input.createdBy && isUuid(input.createdBy) ? await em.findOne(User, { id: input.createdBy }) : null;
    const now = this.now();
    const webhook = em.create(Webhook, { url, secret, filter, description, createdBy, createdAt: now, updatedAt: now });
    await em.flush();
    this.options.logger.info({ webhookId: webhook.id, host: new URL(url).host, createdBy: input.createdBy ?? null, ...audit }, 'webhook created');
    return { webhook: summarize(webhook), secret };
  }

  /** Every endpoint, oldest first; never a secret. */
  async list(): Promise<WebhookSummary[]> {
    const webhooks = await this.options.em.fork().find(Webhook, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return webhooks.map(summarize);
  }

  /** Changes what is given; `enabled: false` pauses deliveries (pending ones wait), `true` resumes them. */
  async update(
    id: string,
    input: { url?: string | null; filter?: WebhookFilter | null; enabled?: boolean | null; description?: string | null; secret?: string | null },
    audit?: WebhookAudit,
  ): Promise<WebhookSummary> {
    const em = this.options.em.fork();
    const webhook = await this.find(em, id);
    if (input.url != null) webhook.url = parseWebhookUrl(input.url, this.settings.allowPrivateTargets).href;
    if (input.filter != null) webhook.filter = normalizeWebhookFilter(input.filter) as WebhookFilterJson;
    if (input.enabled != null) webhook.enabled = input.enabled;
    if (input.description !== undefined) webhook.description = checkDescription(input.description);
    if (input.secret != null) webhook.secret = checkSecret(input.secret);
    webhook.updatedAt = this.now();
    await em.flush();
    this.options.logger.info({ webhookId: id, enabled: webhook.enabled, urlChanged: input.url != null, secretChanged: input.secret != null, ...audit }, 'webhook updated');
    if (webhook.enabled) this.deliverInBackground();
    return summarize(webhook);
  }

  /** Deletes the endpoint and its delivery history. */
  async delete(id: string, audit?: WebhookAudit): Promise<boolean> {
    const em = this.options.em.fork();
    const webhook = await this.find(em, id);
    await em.remove(webhook).flush();
    this.options.logger.info({ webhookId: id, ...audit }, 'webhook deleted');
    return true;
  }

  /** Deletes the deliveries that ended (sent or given up) before `before`; pending ones stay. */
  async purgeCompletedDeliveries(before: Date): Promise<number> {
    return this.options.em.fork().nativeDelete(WebhookDelivery, { status: { $ne: WebhookDeliveryStatus.PENDING }, completedAt: { $lt: before } });
  }

  /**
   * Stores one pending delivery of `alert` per enabled webhook whose filter matches, and starts
   * sending in the background. Resolves when the deliveries are stored (not sent): the number
   * queued. A webhook with `maxPendingPerWebhook` deliveries waiting gets this one recorded as
   * FAILED instead, so a dead endpoint cannot grow the queue without bound and the loss is visible.
   */
  enqueue(alert: WebhookAlert, type: WebhookEventType = 'alert.raised'): Promise<number> {
    return this.enqueueMany([alert], type);
  }

  /**
   * `enqueue` for a batch of alerts (a detection run's): one read of the webhooks and one write for
   * all of them. `histories` gives the payloads' `history` (one read for the batch, only when some
   * webhook matches); without it the payloads carry none.
   */
  async enqueueMany(alerts: readonly WebhookAlert[], type: WebhookEventType = 'alert.raised', histories?: AlertHistories): Promise<number> {
    if (alerts.length === 0) return 0;
    const em = this.options.em.fork();
    const enabled = await em.find(Webhook, { enabled: true });
    const matches = (webhook: Webhook, alert: WebhookAlert) => alertMatchesFilter(webhook.filter as WebhookFilter, { ...alert, countryCode: alert.countryCode ?? null });
    const targets = enabled.filter((webhook) => alerts.some((alert) => matches(webhook, alert)));
    if (targets.length === 0) return 0;
    const pending = await this.pendingCounts(em, targets.map((webhook) => webhook.id));
    const sent = alerts.filter((alert) => targets.some((webhook) => matches(webhook, alert)));
    const historyOf = (await histories?.(sent.map((alert) => alert.id))) ?? new Map();
    const now = this.now();
    let queued = 0;
    for (const alert of alerts) {
      for (const webhook of targets) {
        if (!matches(webhook, alert)) continue;
        const id = randomUUID();
        const waiting = pending.get(webhook.id) ?? 0;
        const full = waiting >= this.settings.maxPendingPerWebhook;
        em.create(WebhookDelivery, {
          id, webhook, eventType: type, alertId: alert.id, body: webhookBody(id, type, alert, now, historyOf.get(alert.id) ?? []), maxAttempts: this.settings.maxAttempts, createdAt: now,
          ...(full
            ? { status: WebhookDeliveryStatus.FAILED, lastError: `Not sent: ${this.settings.maxPendingPerWebhook} deliveries already waiting for this webhook`, completedAt: now }
            : { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now }),
        });
        if (full) {
          this.options.logger.warn({ webhookId: webhook.id, alertId: alert.id }, 'webhook queue full: delivery dropped');
        } else {
          // Deliveries of this batch count against the bound like those already stored.
          pending.set(webhook.id, waiting + 1);
          queued++;
        }
      }
    }
    await em.flush();
    if (queued > 0) this.deliverInBackground();
    return queued;
  }

  /**
   * Sends every delivery due at `now`, `concurrency` at a time, and records each outcome: success,
   * a retry after the backoff, or a permanent failure. Safe to run in several processes at once.
   * The periodic trigger (and later the `deliver-webhooks` job) calls this.
   */
  async deliverDue(now: Date = this.now()): Promise<DeliveryRun> {
    const run = { attempted: 0, succeeded: 0, failed: 0, retrying: 0 };
    const leaseUntil = new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS);
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS && !this.stopped; batch++) {
      const claimed = await claimDueDeliveries(this.options.em.fork(), now, leaseUntil, this.settings.concurrency);
      const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      for (const outcome of outcomes) {
        run.attempted++;
        if (outcome.kind === 'succeeded') run.succeeded++;
        else if (outcome.kind === 'failed') run.failed++;
        else run.retrying++;
      }
      if (claimed.length < this.settings.concurrency) break;
    }
    if (run.attempted > 0) this.options.logger.info(run, 'webhook deliveries sent');
    return run;
  }

  /**
   * Sends a test event (a sample alert, type `webhook.test`) to the endpoint now, once, and answers
   * with its delivery: the receiver's status or the error. Works on disabled webhooks too.
   */
  async test(id: string, audit?: WebhookAudit): Promise<DeliverySummary> {
    const em = this.options.em.fork();
    const webhook = await this.find(em, id);
    this.options.logger.info({ webhookId: id, ...audit }, 'webhook test sent');
    const now = this.now();
    const deliveryId = randomUUID();
    const alert = sampleAlert(webhook.filter as WebhookFilter, now);
    const body = webhookBody(deliveryId, 'webhook.test', alert, now, [{ fromState: null, toState: 'OPEN', actor: 'detection', comment: null, at: now }]);
    em.create(WebhookDelivery, {
      id: deliveryId, webhook, eventType: 'webhook.test', alertId: alert.id, body, status: WebhookDeliveryStatus.PENDING,
      attempts: 1, maxAttempts: 1, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + this.settings.timeoutMs + LEASE_MARGIN_MS), createdAt: now,
    });
    await em.flush();
    await this.attempt({ id: deliveryId, eventType: 'webhook.test', body, attempts: 1, maxAttempts: 1, url: webhook.url, secret: webhook.secret });
    return this.delivery(deliveryId);
  }

  /** Deliveries, newest first, of one webhook or all. */
  async deliveries(page: { webhookId?: string | null; first: number; after?: string | null }): Promise<Page<DeliverySummary>> {
    const first = pageSize(page, MAX_DELIVERIES_PAGE);
    const em = this.options.em.fork();
    if (page.webhookId != null) await this.find(em, page.webhookId);
    const where = page.webhookId != null ? { webhook: page.webhookId } : {};
    const after = page.after ? createdAtCursor.decode(page.after) : undefined;
    const pageWhere = after ? { $and: [where, descendingAfter(after)] } : where;
    const [rows, totalCount] = await Promise.all([
      em.find(WebhookDelivery, pageWhere, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: first + 1 }),
      em.fork().count(WebhookDelivery, where),
    ]);
    return pageOf(rows, first, totalCount, createdAtCursor.encode, summarizeDelivery);
  }

  /** Runs deliverDue in the background unless a pass is running (then one more pass follows it). Never throws. */
  deliverInBackground(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.passRequested = true;
      return;
    }
    this.pass = (async () => {
      do {
        this.passRequested = false;
        try {
          await this.deliverDue(this.now());
        } catch (error) {
          this.options.logger.error({ err: error }, 'webhook delivery pass failed');
        }
      } while (this.passRequested && !this.stopped);
      this.pass = null;
    })();
  }

  /** Resolves when no background pass is running (for shutdown and tests). */
  async whenIdle(): Promise<void> {
    while (this.pass) await this.pass;
  }

  /** No new passes; waits for the one running (its requests are bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.whenIdle();
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const { settings, logger } = this.options;
    const timestamp = Math.floor(this.now().getTime() / 1000);
    const result = await postWebhook(
      new URL(delivery.url),
      { [SIGNATURE_HEADER]: signatureHeader(delivery.secret, timestamp, delivery.body), [DELIVERY_HEADER]: delivery.id, [EVENT_HEADER]: delivery.eventType },
      delivery.body,
      { allowPrivate: settings.allowPrivateTargets, connectTimeoutMs: settings.connectTimeoutMs, timeoutMs: settings.timeoutMs, userAgent: this.userAgent },
    );
    const now = this.now();
    let outcome: AttemptOutcome;
    if (result.ok) outcome = { kind: 'succeeded', status: result.status ?? 200 };
    else if (result.permanent || delivery.attempts >= delivery.maxAttempts) outcome = { kind: 'failed', status: result.status, error: result.error ?? 'failed' };
    else {
      const nextAttemptAt = new Date(now.getTime() + retryDelayMs(delivery.attempts, this.retryDelaysMs, this.random));
      outcome = { kind: 'retry', status: result.status, error: result.error ?? 'failed', nextAttemptAt };
    }
    await recordAttempt(this.options.em, delivery.id, delivery.attempts, outcome, now);
    const log = { deliveryId: delivery.id, attempt: delivery.attempts, status: result.status, outcome: outcome.kind };
    if (outcome.kind === 'succeeded') logger.debug(log, 'webhook delivered');
    else logger.warn({ ...log, error: result.error }, outcome.kind === 'failed' ? 'webhook delivery failed for good' : 'webhook delivery failed, will retry');
    return outcome;
  }

  private async delivery(id: string): Promise<DeliverySummary> {
    const row = await this.options.em.fork().findOneOrFail(WebhookDelivery, { id });
    return summarizeDelivery(row);
  }

  private async pendingCounts(em: EntityManager, webhookIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await selectRows<{ webhook_id: string; pending: string }>(em, pendingDeliveryCountsSql, [webhookIds]);
    return new Map(rows.map((row) => [row.webhook_id, Number(row.pending)]));
  }

  private async find(em: EntityManager, id: string): Promise<Webhook> {
    const webhook = isUuid(id) ? await em.findOne(Webhook, { id }) : null;
    if (!webhook) throw new NotFoundError(`No webhook with id ${id}`);
    return webhook;
  }
}

function checkSecret(secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
    throw new BadUserInputError(`Webhook secret must be ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`);
  }
  return secret;
}

function checkDescription(description: string | null | undefined): string | null {
  const text = description?.trim() ?? '';
  if (text.length > MAX_DESCRIPTION_LENGTH) throw new BadUserInputError(`Webhook description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  return text || null;
}

function summarize(webhook: Webhook): WebhookSummary {
  return {
    id: webhook.id, url: webhook.url, filter: webhook.filter as WebhookFilter, description: webhook.description ?? null, enabled: webhook.enabled,
    createdById: webhook.createdBy?.id ?? null, createdAt: webhook.createdAt, updatedAt: webhook.updatedAt,
  };
}

function summarizeDelivery(row: WebhookDelivery): DeliverySummary {
  return {
    id: row.id, webhookId: row.webhook.id, eventType: row.eventType, alertId: row.alertId, status: row.status, attempts: row.attempts,
    maxAttempts: row.maxAttempts, nextAttemptAt: row.nextAttemptAt ?? null, lastAttemptAt: row.lastAttemptAt ?? null, lastError: row.lastError ?? null,
    responseStatus: row.responseStatus ?? null, createdAt: row.createdAt, completedAt: row.completedAt ?? null,
  };
}

/** What a test event carries: clearly not a real alert (a documentation address), shaped like one. */
function sampleAlert(filter: WebhookFilter, now: Date): WebhookAlert {
  return {
    id: 'test', kind: filter.kinds?.[0] ?? 'NEW_SENDING_IP', state: 'OPEN', score: Math.max(filter.minScore ?? 0, 0.9), sourceIp: '192.0.2.1',
    domains: [filter.domains?.[0] ?? 'example.com'], countryCode: filter.countries?.[0] ?? 'NL', city: null, latitude: null, longitude: null,
    asn: 64496, asOrganization: 'Documentation AS', reasons: ['This is a test event sent with testWebhook'], modelId: null, messageCount: 1,
    firstSeenAt: now, lastSeenAt: now, createdAt: now, stateChangedAt: null, stateChangedBy: null, comment: null,
  };
}
