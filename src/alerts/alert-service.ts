import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnomalyView } from '../anomaly-detection/anomaly-views.js';
import { principalName, type Principal } from '../auth/principal.js';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import { DomainEvents } from '../events/domain-events.js';
import type { Logger } from '../logging/logger.js';
import { createdAtCursor } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';
import { requireIpArgument } from '../validation/ip-arguments.js';
import { alertFromRow, stateChangeFromRow } from './alert-rows.js';
import {
  alertByIdSql, alertCountSql, alertCountsByKindSql, alertCountsByStateSql, alertHistoriesSql, alertPageSql, alertWhereSql, deleteRuleSql,
  insertRuleSql, matchedByRuleSql, rulesSql, transitionSql,
} from './alert-sql.js';
import type { AlertCounts, AlertDetectionOutcome, AlertFilter, AlertState, AlertStateChangeView, AlertView } from './alert-views.js';
import { attachSenders, type AlertSenderSource } from './alert-sender.js';
import { alertCandidates, raiseAlerts, type AlertCandidate } from './raise-alerts.js';
import { AlertStateConflictError } from './errors.js';
import { normalizeRule, ruleFromRow, type SuppressionRuleInput, type SuppressionRuleView } from './suppression-rules.js';

const MAX_ALERT_PAGE = 100;
/**
 * Alerts one transaction raises, and one event (and so one bus message) carries, at most. A
 * detection run larger than this is raised in several batches, each committed and then announced
 * before the next, so neither a transaction nor a message grows with the run.
 */
export const ALERT_BATCH_SIZE = 250;
/** Alerts one bulk call changes at most; the count it returns says how many it did. */
const MAX_BULK_CHANGE = 5_000;
const MAX_COMMENT = 2_000;

/** Where each state may be reached from. */
const ALLOWED_FROM: Record<Exclude<AlertState, 'OPEN'>, readonly AlertState[]> = {
  ACKNOWLEDGED: ['OPEN'],
  RESOLVED: ['OPEN', 'ACKNOWLEDGED'],
  SUPPRESSED: ['OPEN', 'ACKNOWLEDGED'],
};

export interface AlertServiceOptions {
  /** Root EntityManager: every call forks its own. */
  readonly em: EntityManager;
  /** Receives `alertsRaised` and `alertsUpdated` after each batch's commit (nothing hears them without). */
  readonly events?: DomainEvents;
  /** An anomaly whose alert was closed less than this long ago raises nothing. */
  readonly cooldownDays: number;
  readonly logger: Logger;
  /** Names and classifies each alert's source; approved senders' alerts are lowered in severity, rejected ones' raised. */
  readonly senders?: AlertSenderSource;
}

/**
 * Alerts: raised from detection results (deduplicated, suppression rules applied), moved through
 * their lifecycle by people, listed and counted. After each batch's commit it emits `alertsRaised`
 * or `alertsUpdated` (src/events), and waits for their reactions (webhooks, the event bus).
 */
export class AlertService {
  readonly #events: DomainEvents;

  constructor(private readonly options: AlertServiceOptions) {
    this.#events = options.events ?? new DomainEvents(options.logger);
  }

  /** Turns one detection run's anomalies into alerts, in batches of ALERT_BATCH_SIZE. */
  async processDetection(anomalies: readonly AnomalyView[]): Promise<AlertDetectionOutcome> {
    const now = new Date();
    return this.raise(alertCandidates(anomalies), now);
  }

  /**
   * Raises (or refreshes) alerts from candidates, one per key: a detection run's anomalies, or
   * domains whose TLS sessions fail (src/tls-reports). Deduplication, cooldown, suppression rules
   * and `alertsRaised` (the event bus, webhooks) apply to every kind alike.
   */
  async raise(candidates: readonly AlertCandidate[], now = new Date()): Promise<AlertDetectionOutcome> {
    const total = { raised: [] as AlertView[], refreshed: 0, suppressed: 0, coolingDown: 0 };
    // Candidates are per alert key, so a key never spans two batches: each batch de-duplicates on its own.
    for (const batch of chunks(candidates, ALERT_BATCH_SIZE)) {
      const described = await attachSenders(batch, this.options.senders).catch((error: unknown) => {
        // Alerts do not wait for names: without them they are raised as before.
        this.options.logger.warn({ err: error }, 'could not describe the senders of the alerts');
        return batch;
      });
      const outcome = await raiseAlerts(this.options.em.fork(), described, { now, cooldownDays: this.options.cooldownDays });
      if (outcome.raised.length > 0) await this.#events.emit('alertsRaised', { alerts: outcome.raised });
      total.raised.push(...outcome.raised);
      total.refreshed += outcome.refreshed;
      total.suppressed += outcome.suppressed;
      total.coolingDown += outcome.coolingDown;
    }
    if (total.raised.length > 0 || total.suppressed > 0) {
      this.options.logger.info({ raised: total.raised.length, refreshed: total.refreshed, suppressed: total.suppressed, coolingDown: total.coolingDown }, 'alerts raised');
    }
    return total;
  }

  async get(id: string): Promise<AlertView | null> {
    if (!isUuid(id)) return null;
    const [row] = await selectRows(this.options.em.fork(), alertByIdSql, [id]);
    return row ? alertFromRow(row) : null;
  }

  /** Newest first, keyset-paginated. */
  async list(filter: AlertFilter | null, page: { first?: number; after?: string | null } = {}): Promise<Page<AlertView>> {
    const first = pageSize({ first: page.first ?? 20 }, MAX_ALERT_PAGE);
    const params: unknown[] = [];
    const where = alertWhereSql(checkFilter(filter), params);
    const after = page.after ? createdAtCursor.decode(page.after) : undefined;
    const pageParams = [...params, ...(after ? [after.createdAt, after.id] : []), first + 1];
    const em = this.options.em.fork();
    const [rows, [count]] = await Promise.all([
      selectRows(em, alertPageSql(where, params.length, after !== undefined), pageParams),
      selectRows<{ n: string }>(em, alertCountSql(where), params),
    ]);
    return pageOf(rows.map(alertFromRow), first, Number(count?.n ?? 0), createdAtCursor.encode, (alert) => alert);
  }

  async counts(): Promise<AlertCounts> {
    const rows = await selectRows<{ state: AlertState; n: string }>(this.options.em.fork(), alertCountsByStateSql);
    const of = (state: AlertState) => Number(rows.find((r) => r.state === state)?.n ?? 0);
    return { open: of('OPEN'), acknowledged: of('ACKNOWLEDGED'), resolved: of('RESOLVED'), suppressed: of('SUPPRESSED') };
  }

  /** Alerts by kind and state (the metrics' `dmarc_alerts` gauge). */
  async countsByKind(): Promise<{ kind: AnomalyView['kind']; state: AlertState; count: number }[]> {
    const rows = await selectRows<{ kind: AnomalyView['kind']; state: AlertState; n: string }>(this.options.em.fork(), alertCountsByKindSql);
    return rows.map((row) => ({ kind: row.kind, state: row.state, count: Number(row.n) }));
  }

  async history(alertId: string): Promise<AlertStateChangeView[]> {
    return (await this.histories([alertId])).get(alertId) ?? [];
  }

  /** Every change of each alert's state, oldest first, by alert id: one read for a batch (webhook payloads). */
  async histories(alertIds: readonly string[]): Promise<Map<string, AlertStateChangeView[]>> {
    const byAlert = new Map<string, AlertStateChangeView[]>();
    const ids = alertIds.filter(isUuid);
    if (ids.length === 0) return byAlert;
    const rows = await selectRows(this.options.em.fork(), alertHistoriesSql, [ids]);
    for (const row of rows) {
      const id = String(row.alert_id);
      let changes = byAlert.get(id);
      if (!changes) byAlert.set(id, (changes = []));
      changes.push(stateChangeFromRow(row));
    }
    return byAlert;
  }

  /** Moves one alert to `target`; NOT_FOUND for an unknown id, ALERT_STATE_CONFLICT when its state does not allow it. */
  async changeState(id: string, target: Exclude<AlertState, 'OPEN'>, actor: Principal, comment?: string | null): Promise<AlertView> {
    if (!isUuid(id)) throw new NotFoundError(`alert ${id} not found`);
    const [changed] = await this.#transition('a.id = $1', [id], target, principalName(actor), checkComment(comment), null);
    if (changed) return changed;
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`alert ${id} not found`);
    throw new AlertStateConflictError(id, current.state, target);
  }

  /** Moves every alert matching `filter` that may reach `target` (at most MAX_BULK_CHANGE, oldest first); returns how many moved. */
  async changeStates(filter: AlertFilter | null, target: Exclude<AlertState, 'OPEN'>, actor: Principal, comment?: string | null): Promise<number> {
    const params: unknown[] = [];
    const where = alertWhereSql(checkFilter(filter), params);
    return (await this.#transition(where, params, target, principalName(actor), checkComment(comment), null)).length;
  }

  /** `allowBroad`: a block wider than /16 (IPv4) or /32 (IPv6) is refused (SUPPRESSION_RULE_TOO_BROAD) unless it is true. */
  async createSuppressionRule(
    input: SuppressionRuleInput,
    actor: Principal,
    closeMatchingOpen: boolean,
    allowBroad = false,
  ): Promise<{ rule: SuppressionRuleView; closedCount: number }> {
    const now = new Date();
    const rule = normalizeRule(input, now, allowBroad);
    const [row] = await selectRows(this.options.em.fork(), insertRuleSql, [
      rule.network, rule.asn, rule.countryCode, rule.domain, rule.kind, rule.comment, rule.expiresAt, principalName(actor), now,
    ]);
    const created = ruleFromRow(row!);
    let closedCount = 0;
    if (closeMatchingOpen) {
      closedCount = (await this.#transition(matchedByRuleSql, [created.id, now], 'SUPPRESSED', `rule ${created.id}`, rule.comment, created.id)).length;
    }
    this.options.logger.info({ ruleId: created.id, network: created.network, broad: allowBroad && rule.network !== null, closedCount, by: principalName(actor) }, 'suppression rule created');
    return { rule: created, closedCount };
  }

  async suppressionRules(): Promise<SuppressionRuleView[]> {
    const rows = await selectRows(this.options.em.fork(), rulesSql);
    return rows.map(ruleFromRow);
  }

  /** Future alerts are no longer suppressed by it; alerts it suppressed stay SUPPRESSED. */
  async deleteSuppressionRule(id: string): Promise<boolean> {
    if (!isUuid(id)) throw new NotFoundError(`suppression rule ${id} not found`);
    const rows = await selectRows(this.options.em.fork(), deleteRuleSql, [id]);
    if (rows.length === 0) throw new NotFoundError(`suppression rule ${id} not found`);
    return true;
  }

  /** One statement: lock the alerts to move, move them, write their history. Then `alertsUpdated`, a batch at a time. */
  async #transition(where: string, params: unknown[], target: Exclude<AlertState, 'OPEN'>, actor: string, comment: string | null, ruleId: string | null): Promise<AlertView[]> {
    const p = [...params, target, ALLOWED_FROM[target], actor, comment, new Date(), ruleId, MAX_BULK_CHANGE];
    const rows = await selectRows(this.options.em.fork(), transitionSql(where, params.length), p);
    const alerts = rows.map(alertFromRow);
    for (const batch of chunks(alerts, ALERT_BATCH_SIZE)) await this.#events.emit('alertsUpdated', { alerts: batch });
    return alerts;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A filter's values, checked (BAD_USER_INPUT) before they reach SQL; the source IP in canonical form. */
function checkFilter(filter: AlertFilter | null): AlertFilter | null {
  if (!filter) return null;
  if (filter.minScore != null && !(filter.minScore >= 0 && filter.minScore <= 1)) throw new BadUserInputError(`minScore must be in [0, 1], got ${filter.minScore}`);
  if (filter.since && filter.until && filter.since > filter.until) throw new BadUserInputError('since must not be after until');
  // Given but empty is a mistake, not "any address": a bulk change must not widen to every alert.
  return filter.sourceIp != null ? { ...filter, sourceIp: requireIpArgument('sourceIp', filter.sourceIp) } : filter;
}

function checkComment(comment: string | null | undefined): string | null {
  if (comment && comment.length > MAX_COMMENT) throw new BadUserInputError(`comment is longer than ${MAX_COMMENT} characters`);
  return comment ?? null;
}
