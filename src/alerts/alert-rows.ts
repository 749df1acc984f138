import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import { num } from '../anomaly-detection/day-windows.js';
import type { AlertSender } from './alert-sender.js';
import type { AlertState, AlertStateChangeView, AlertView } from './alert-views.js';

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string));
const nullableDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const nullableNum = (value: unknown): number | null => (value === null || value === undefined ? null : num(value));

/** pg parses text[] into arrays; a raw '{a,b}' string is parsed here just in case. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === 'string' && value.startsWith('{')) return value.slice(1, -1).split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
  return [];
}

/** An alert as read with ALERT_COLUMNS (alert-sql.ts). */
export function alertFromRow(row: Record<string, unknown>): AlertView {
  return {
    id: row.id as string,
    kind: row.kind as AnomalyKind,
    state: row.state as AlertState,
    score: num(row.score),
    sourceIp: (row.source_ip as string | null) ?? null,
    domains: textArray(row.domains),
    countryCode: (row.country_code as string | null) ?? null,
    city: (row.city as string | null) ?? null,
    latitude: nullableNum(row.latitude),
    longitude: nullableNum(row.longitude),
    asn: nullableNum(row.asn),
    asOrganization: (row.as_organization as string | null) ?? null,
    reasons: (row.reasons as string[] | null) ?? [],
    evidence: (row.evidence as Record<string, number> | null) ?? {},
    modelId: (row.model_id as string | null) ?? null,
    messageCount: num(row.message_count),
    firstSeenAt: date(row.first_seen_at),
    lastSeenAt: date(row.last_seen_at),
    createdAt: date(row.created_at),
    stateChangedAt: nullableDate(row.state_changed_at),
    stateChangedBy: (row.state_changed_by as string | null) ?? null,
    comment: (row.comment as string | null) ?? null,
    suppressionRuleId: (row.suppression_rule_id as string | null) ?? null,
    sender: (row.sender as AlertSender | null) ?? null,
    failureReportCount: num(row.failure_report_count ?? 0),
  };
}

export function stateChangeFromRow(row: Record<string, unknown>): AlertStateChangeView {
  return {
    fromState: (row.from_state as AlertState | null) ?? null,
    toState: row.to_state as AlertState,
    actor: row.actor as string,
    comment: (row.comment as string | null) ?? null,
    at: date(row.created_at),
  };
}

type AlertDate = 'firstSeenAt' | 'lastSeenAt' | 'createdAt' | 'stateChangedAt';

/** An alert as it travels on the event bus: JSON, dates as ISO strings. */
export type AlertMessage = Omit<AlertView, AlertDate> & Record<AlertDate, string | null>;

export function alertToMessage(alert: AlertView): AlertMessage {
  return JSON.parse(JSON.stringify(alert)) as AlertMessage;
}

export function alertFromMessage(message: unknown): AlertView {
  const m = message as AlertMessage;
  return { ...m, firstSeenAt: date(m.firstSeenAt), lastSeenAt: date(m.lastSeenAt), createdAt: date(m.createdAt), stateChangedAt: nullableDate(m.stateChangedAt) };
}
