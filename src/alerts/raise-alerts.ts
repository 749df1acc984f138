import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnomalyView } from '../anomaly-detection/anomaly-views.js';
import { DAY_MS, num } from '../anomaly-detection/day-windows.js';
import { rawQuery, type RawQuery } from '../database/raw-sql.js';
import { alertFromRow } from './alert-rows.js';
import type { AlertSender } from './alert-sender.js';
import type { AlertDetectionOutcome } from './alert-views.js';
import { existingAlertsSql, insertAlertsSql, lockAlertKeysSql, matchingRulesSql, messageCountsSql, refreshAlertsSql } from './raise-alerts-sql.js';

/** Where a candidate's source is, as alerts keep it. */
type CandidateLocation = Pick<NonNullable<AnomalyView['geolocation']>, 'countryCode' | 'city' | 'latitude' | 'longitude' | 'asn' | 'asOrganization'>;

/**
 * One alert-to-be: the most severe anomaly of its key in a detection run, or a domain's failing TLS
 * sessions (no source IP). Its `seen` counts are given when they are not a sender's messages.
 */
export interface AlertCandidate {
  readonly key: string;
  readonly kind: string;
  /** Null for an alert about a domain rather than a sender (TLS_FAILURES). */
  readonly sourceIp: string | null;
  readonly dedupDomain: string;
  readonly domains: string[];
  readonly score: number;
  readonly reasons: readonly string[];
  readonly evidence: Readonly<Record<string, number>>;
  readonly modelId: string | null;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly geolocation: CandidateLocation | null;
  /** What the alert counts, when it is not the source's messages in dmarc_records (TLS_FAILURES: failed sessions). */
  readonly seen?: Seen;
  /** Who the source is (src/alerts/alert-sender.ts); absent when senders are not consulted or there is no source IP. */
  readonly sender?: AlertSender | null;
}

interface Existing {
  readonly id: string;
  readonly active: boolean;
  readonly windowStart: Date;
}

/** (source IP, kind, domain): the identity of an alert. Model alerts have no domain of their own, domain alerts no source IP. */
export const alertKey = (ip: string | null, kind: string, domain: string) => `${ip ?? ''}|${kind}|${domain}`;

/**
 * The alert side of a detection run for a batch of candidates (alertCandidates), in one transaction:
 * 1. lock the run's keys (advisory locks, in key order so concurrent runs cannot deadlock);
 * 2. an active alert (OPEN/ACKNOWLEDGED) of the key is refreshed: lastSeenAt, messageCount, score;
 * 3. a key whose alert was closed within the cooldown raises nothing;
 * 4. any other key raises a new alert, stored SUPPRESSED (and not raised) when a suppression rule
 *    matches it. The partial unique index alerts_one_active_per_key backs step 2 up: an insert
 *    that would make a second active alert for a key does nothing.
 */
export async function raiseAlerts(
  em: EntityManager,
  candidates: readonly AlertCandidate[],
  options: { now: Date; cooldownDays: number },
): Promise<AlertDetectionOutcome> {
  if (candidates.length === 0) return { raised: [], refreshed: 0, suppressed: 0, coolingDown: 0 };
  const { now } = options;
  const coolingSince = new Date(now.getTime() - options.cooldownDays * DAY_MS);

  return em.transactional(async (tx) => {
    const query = rawQuery(tx);
    await query(lockAlertKeysSql, [candidates.map((c) => c.key)]);
    const existing = await existingAlerts(query, candidates, coolingSince);
    const active = candidates.filter((c) => existing.get(c.key)?.active);
    const fresh = candidates.filter((c) => !existing.has(c.key));
    const coolingDown = candidates.length - active.length - fresh.length;

    const counts = await messageCounts(query, [
      ...active.map((c) => ({ c, since: existing.get(c.key)!.windowStart })),
      ...fresh.map((c) => ({ c, since: c.windowStart })),
    ]);
    const refreshed = await refresh(query, active, existing, counts, now);
    const rules = await matchingRules(query, fresh, now);
    const inserted = await insert(query, fresh, rules, counts, now);
    const raised = inserted.filter((alert) => alert.state === 'OPEN');
    return { raised, refreshed, suppressed: inserted.length - raised.length, coolingDown };
  });
}

/** One candidate per alert key: a run may report a source several times; its most severe anomaly speaks for it. */
export function alertCandidates(anomalies: readonly AnomalyView[]): AlertCandidate[] {
  const byKey = new Map<string, AlertCandidate>();
  for (const anomaly of anomalies) {
    const dedupDomain = anomaly.domain?.toLowerCase() ?? '';
    const domains = [...new Set([...(anomaly.domain ? [anomaly.domain] : []), ...anomaly.policyDomains].map((d) => d.toLowerCase()))].sort();
    const key = alertKey(anomaly.sourceIp, anomaly.kind, dedupDomain);
    const score = Math.min(1, Math.max(0, -anomaly.score));
    const previous = byKey.get(key);
    if (!previous || score > previous.score) {
      byKey.set(key, {
        key, kind: anomaly.kind, sourceIp: anomaly.sourceIp, dedupDomain, domains, score, reasons: anomaly.reasons, evidence: anomaly.features,
        modelId: anomaly.modelId, windowStart: anomaly.windowStart, windowEnd: anomaly.windowEnd, geolocation: anomaly.geolocation,
      });
    }
  }
  return [...byKey.values()];
}

/** The active alert of each key, or failing that one closed within the cooldown. */
async function existingAlerts(query: RawQuery, candidates: readonly AlertCandidate[], coolingSince: Date): Promise<Map<string, Existing>> {
  const rows = await query<{ id: string; ip: string; kind: string; dedup_domain: string; active: boolean; window_start: Date }>(existingAlertsSql, [
    candidates.map((c) => c.sourceIp),
    candidates.map((c) => c.kind),
    candidates.map((c) => c.dedupDomain),
    coolingSince,
  ]);
  return new Map(rows.map((r) => [alertKey(r.ip, r.kind, r.dedup_domain), { id: r.id, active: r.active, windowStart: new Date(r.window_start) }]));
}

export interface Seen {
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly messages: number;
}

/**
 * Messages of each key's source from `since` to the end of this run's window (its domain only, for
 * rule alerts); a candidate that brings its own counts (`seen`) keeps them.
 */
async function messageCounts(query: RawQuery, all: readonly { c: AlertCandidate; since: Date }[]): Promise<Map<string, Seen>> {
  const seen = new Map<string, Seen>(all.flatMap(({ c }) => (c.seen === undefined ? [] : [[c.key, c.seen] as const])));
  const items = all.filter(({ c }) => c.seen === undefined);
  if (items.length === 0) return seen;
  const rows = await query<{ i: number; first_seen: Date | null; last_seen: Date | null; messages: string }>(messageCountsSql, [
    items.map((_, i) => i),
    items.map(({ c }) => c.sourceIp),
    items.map(({ c }) => c.dedupDomain),
    items.map(({ since }) => since),
    items.map(({ c }) => c.windowEnd),
  ]);
  for (const row of rows) {
    const { c } = items[row.i]!;
    seen.set(c.key, {
      firstSeenAt: row.first_seen ? new Date(row.first_seen) : c.windowStart,
      lastSeenAt: row.last_seen ? new Date(row.last_seen) : c.windowEnd,
      messages: num(row.messages),
    });
  }
  return seen;
}

async function refresh(query: RawQuery, active: readonly AlertCandidate[], existing: Map<string, Existing>, counts: Map<string, Seen>, now: Date): Promise<number> {
  if (active.length === 0) return 0;
  const payload = active.map((c) => ({
    id: existing.get(c.key)!.id,
    score: c.score,
    domains: c.domains,
    reasons: c.reasons,
    evidence: c.evidence,
    model_id: c.modelId,
    sender: c.sender ?? null,
    first_seen_at: counts.get(c.key)!.firstSeenAt,
    last_seen_at: counts.get(c.key)!.lastSeenAt,
    message_count: counts.get(c.key)!.messages,
  }));
  const rows = await query(refreshAlertsSql, [JSON.stringify(payload), now]);
  return rows.length;
}

/** The oldest unexpired rule matching each fresh candidate, by candidate key. */
async function matchingRules(query: RawQuery, fresh: readonly AlertCandidate[], now: Date): Promise<Map<string, string>> {
  if (fresh.length === 0) return new Map();
  const payload = fresh.map((c, i) => ({
    i,
    source_ip: c.sourceIp,
    asn: c.geolocation?.asn ?? null,
    country_code: c.geolocation?.countryCode?.toUpperCase() ?? null,
    domains: c.domains,
    kind: c.kind,
  }));
  const rows = await query<{ i: number; rule_id: string }>(matchingRulesSql, [JSON.stringify(payload), now]);
  return new Map(rows.filter((r) => r.rule_id !== null).map((r) => [fresh[r.i]!.key, r.rule_id]));
}

async function insert(query: RawQuery, fresh: readonly AlertCandidate[], rules: Map<string, string>, counts: Map<string, Seen>, now: Date) {
  if (fresh.length === 0) return [];
  const payload = fresh.map((c) => {
    const geo = c.geolocation;
    const ruleId = rules.get(c.key) ?? null;
    const seen = counts.get(c.key)!;
    return {
      kind: c.kind,
      state: ruleId ? 'SUPPRESSED' : 'OPEN',
      score: c.score,
      source_ip: c.sourceIp,
      dedup_domain: c.dedupDomain,
      domains: c.domains,
      country_code: geo?.countryCode?.toUpperCase() ?? null,
      city: geo?.city ?? null,
      latitude: geo?.latitude ?? null,
      longitude: geo?.longitude ?? null,
      asn: geo?.asn ?? null,
      as_organization: geo?.asOrganization ?? null,
      reasons: c.reasons,
      evidence: c.evidence,
      model_id: c.modelId,
      sender: c.sender ?? null,
      window_start: c.windowStart,
      first_seen_at: seen.firstSeenAt,
      last_seen_at: seen.lastSeenAt,
      message_count: seen.messages,
      suppression_rule_id: ruleId,
      state_changed_at: ruleId ? now : null,
      state_changed_by: ruleId ? `rule ${ruleId}` : null,
    };
  });
  const rows = await query(insertAlertsSql, [JSON.stringify(payload), now]);
  return rows.map(alertFromRow);
}
