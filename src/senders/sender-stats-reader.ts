import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../database/raw-sql.js';
import { isAligned } from './classification/alignment.js';
import type { AuthSignature, OverrideReasonCount, SenderStats } from './classification/sender-stats.js';
import type { NamingSource } from './identity.js';
import type { SenderType } from './service-map/sender-types.js';
import { dailySql, reasonsSql, scopeWhere, signaturesSql, totalsSql, type DailyRow, type ReasonRow, type SignatureRow, type StatsScope, type TotalsRow } from './senders-sql.js';
import type { SenderDay } from './sender-views.js';

/** Naming sources from the most trusted: a sender named several ways shows its best. */
const TRUST: readonly NamingSource[] = ['OPERATOR_MAP', 'SERVICE_MAP', 'REVERSE_DNS', 'ASN_MAP', 'AS_ORGANIZATION', 'NONE'];

const pairKey = (domain: string, key: string) => `${domain}|${key}`;

/**
 * Reads SenderStats from the records of a scope: totals (at most `limit` senders, most messages
 * first), then the DKIM/SPF signatures and override reasons of those senders. Four aggregate
 * statements over the window, the last two narrowed to the senders the first returned.
 */
export async function readSenderStats(em: EntityManager, scope: StatsScope, limit: number): Promise<{ stats: SenderStats[]; truncated: boolean }> {
  const params: unknown[] = [];
  const where = scopeWhere(scope, params);
  const totals = await selectRows<TotalsRow>(em.fork(), totalsSql(where, params.length + 1), [...params, limit + 1]);
  const truncated = totals.length > limit;
  const kept = totals.slice(0, limit);
  if (kept.length === 0) return { stats: [], truncated };

  const narrowed: StatsScope = { ...scope, domains: unique(kept.map((t) => t.domain)), keys: unique(kept.map((t) => t.sender_key)) };
  const narrowParams: unknown[] = [];
  const narrowWhere = scopeWhere(narrowed, narrowParams);
  const [signatureRows, reasonRows] = await Promise.all([
    selectRows<SignatureRow>(em.fork(), signaturesSql(narrowWhere), narrowParams),
    selectRows<ReasonRow>(em.fork(), reasonsSql(narrowWhere), narrowParams),
  ]);
  const signatures = groupBy(signatureRows, (row) => pairKey(row.domain, row.sender_key));
  const reasons = groupBy(reasonRows, (row) => pairKey(row.domain, row.sender_key));
  return { stats: kept.map((row) => statsOf(row, signatures.get(pairKey(row.domain, row.sender_key)) ?? [], reasons.get(pairKey(row.domain, row.sender_key)) ?? [])), truncated };
}

/** The daily series of some senders, by `domain|key`. */
export async function readDailySeries(em: EntityManager, scope: StatsScope): Promise<Map<string, SenderDay[]>> {
  const params: unknown[] = [];
  const rows = await selectRows<DailyRow>(em.fork(), dailySql(scopeWhere(scope, params)), params);
  const series = new Map<string, SenderDay[]>();
  for (const row of rows) {
    const key = pairKey(row.domain, row.sender_key);
    const days = series.get(key) ?? [];
    days.push({ date: row.day, messages: Number(row.messages), dmarcAligned: Number(row.dmarc_aligned) });
    series.set(key, days);
  }
  return series;
}

function statsOf(row: TotalsRow, signatureRows: readonly SignatureRow[], reasonRows: readonly ReasonRow[]): SenderStats {
  const sources = (row.sources ?? []) as NamingSource[];
  return {
    domain: row.domain,
    key: row.sender_key,
    name: row.name ?? row.sender_key.replace(/^ip:/, ''),
    type: (row.type ?? 'UNKNOWN') as SenderType,
    category: row.category,
    namingSource: TRUST.find((source) => sources.includes(source)) ?? 'NONE',
    messages: Number(row.messages),
    dmarcAligned: Number(row.dmarc_aligned),
    dkimAligned: Number(row.dkim_aligned),
    spfAligned: Number(row.spf_aligned),
    rejected: Number(row.rejected),
    forwardingReasons: Number(row.forwarding_reasons),
    dkimPassSpfFail: Number(row.forwarded_signature),
    arcPass: Number(row.arc_pass),
    reasons: reasonRows.map((r): OverrideReasonCount => ({ type: r.type, messages: Number(r.messages) })).sort((a, b) => b.messages - a.messages),
    signatures: signaturesOf(row.domain, signatureRows),
    unconfirmedPtrNames: row.unconfirmed_ptr_names ?? [],
    firstSeen: new Date(row.first_seen),
    lastSeen: new Date(row.last_seen),
    ipCount: Number(row.ip_count),
    countries: (row.countries ?? []).map((c) => c.toUpperCase()).sort(),
  };
}

/** One entry per method, domain and selector, most messages first; results other than pass count as not passing. */
function signaturesOf(policyDomain: string, rows: readonly SignatureRow[]): AuthSignature[] {
  const merged = new Map<string, { method: 'dkim' | 'spf'; domain: string; selector: string | null; messages: number; passMessages: number }>();
  for (const row of rows) {
    if ((row.method !== 'dkim' && row.method !== 'spf') || !row.auth_domain) continue;
    const selector = row.method === 'dkim' ? row.selector : null;
    const key = `${row.method}|${row.auth_domain}|${selector ?? ''}`;
    const entry = merged.get(key) ?? { method: row.method, domain: row.auth_domain, selector, messages: 0, passMessages: 0 };
    entry.messages += Number(row.messages);
    if (row.result === 'pass') entry.passMessages += Number(row.messages);
    merged.set(key, entry);
  }
  return [...merged.values()].map((s) => ({ ...s, aligned: isAligned(s.domain, policyDomain) })).sort((a, b) => b.messages - a.messages);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
