import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import { num, previousWindow, type DayWindow } from '../day-windows.js';
import { FEATURE_NAMES } from './feature-definitions.js';
import { previousVolumeSql, windowAggregatesSql, type WindowAggregateRow } from './feature-sql.js';

/** The feature rows of one window: `matrix[i]` belongs to `ips[i]`, columns in FEATURE_NAMES order. */
export interface FeatureSet {
  readonly featureNames: readonly string[];
  readonly ips: string[];
  readonly matrix: Float64Array[];
  /** Policy domains each IP sent mail for in the window. */
  readonly policyDomains: string[][];
  readonly window: DayWindow;
}

/** Two queries: the window's aggregates per IP, and the previous window's volume per IP. */
export async function computeFeatures(em: EntityManager, window: DayWindow, domain?: string | null): Promise<FeatureSet> {
  const params: unknown[] = [window.start.toISOString(), window.end.toISOString()];
  if (domain) params.push(domain.toLowerCase());
  const previous = previousWindow(window);
  const [rows, previousRows] = await Promise.all([
    selectRows<WindowAggregateRow>(em, windowAggregatesSql(Boolean(domain)), params),
    selectRows<{ ip: string; messages: string | number }>(em, previousVolumeSql, [previous.start.toISOString(), previous.end.toISOString()]),
  ]);
  const previousVolume = new Map(previousRows.map((row) => [row.ip, num(row.messages)]));
  return {
    featureNames: FEATURE_NAMES,
    ips: rows.map((row) => row.ip),
    matrix: rows.map((row) => featureRow(row, previousVolume.get(row.ip) ?? 0, window.days)),
    policyDomains: rows.map((row) => parseTextArray(row.policy_domains)),
    window,
  };
}

/** The formulas of FEATURES.md, in FEATURE_NAMES order. */
export function featureRow(row: WindowAggregateRow, previousMessages: number, days: number): Float64Array {
  const messages = num(row.messages);
  const share = (part: unknown) => (messages > 0 ? num(part) / messages : 0);
  return Float64Array.of(
    Math.log1p(messages),
    Math.log1p(num(row.reports)),
    num(row.reporters),
    num(row.header_froms),
    num(row.policy_domain_count),
    share(row.dmarc_pass),
    share(row.spf_pass),
    share(row.dkim_pass),
    share(row.quarantined_rejected),
    share(row.forwarded),
    num(row.active_days) / days,
    Math.log1p(messages) - Math.log1p(previousMessages),
  );
}

/** pg parses text[] into an array; kept tolerant of the '{a,b}' text form. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((item) => item.replace(/^"|"$/g, ''));
}

/** { name: value } for storage and the API. */
export function featureObject(names: readonly string[], row: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(names.map((name, i) => [name, row[i] ?? 0]));
}
