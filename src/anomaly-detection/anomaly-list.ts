import type { EntityManager } from '@mikro-orm/postgresql';
import { placeholders, selectRows } from '../database/raw-sql.js';
import { BadUserInputError } from '../errors/app-error.js';
import { fromCacheRow, type GeoCacheRow } from '../geolocation/cache/geo-cache-rows.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import type { AnomalyKind, AnomalyView } from './anomaly-views.js';
import { num } from './sql.js';

export interface AnomalyFilter {
  /** Stored at or after. */
  readonly since?: Date | null;
  /** Rule signals about this domain, and model anomalies of IPs that sent for it in their window. */
  readonly domain?: string | null;
  /** Only anomalies at least this strong: -score >= minScore (the anomaly score s(x) in [0, 1]). */
  readonly minScore?: number | null;
  /** Only these kinds; empty or absent = all. */
  readonly kinds?: readonly AnomalyKind[] | null;
}

export const MAX_ANOMALY_PAGE = 500;

/**
 * Keyset position: the order is newest first, then most anomalous (lowest score), then id.
 * created_at to the microsecond as PostgreSQL keeps it (a JS Date would drop them).
 */
const anomalyCursor = cursorCodec<{ createdAt: string; score: number; id: string }>({
  createdAt: cursorField.exactTimestamp,
  score: cursorField.number,
  id: cursorField.bigintText,
});
type AnomalyCursor = ReturnType<typeof anomalyCursor.decode>;

/** WHERE conditions and their parameters, shared by the page and its totalCount. */
function filterSql(filter: AnomalyFilter, $: () => string, params: unknown[]): string {
  const conditions: string[] = [];
  if (filter.since) {
    conditions.push(`p.created_at >= ${$()}::timestamptz`);
    params.push(filter.since.toISOString());
  }
  const domain = filter.domain ? filter.domain.toLowerCase() : null;
  if (domain) {
    conditions.push(`(p.domain = ${$()} OR (p.domain IS NULL AND EXISTS (SELECT 1 FROM dmarc_records r WHERE r.source_ip = p.source_ip
          AND r.policy_domain = ${$()} AND r.date_begin >= p.window_start AND r.date_begin < p.window_end)))`);
    params.push(domain, domain);
  }
  if (filter.minScore != null) {
    conditions.push(`-p.score >= ${$()}`);
    params.push(filter.minScore);
  }
  if (filter.kinds && filter.kinds.length > 0) {
    conditions.push(`p.kind = ANY(${$()}::text[])`);
    params.push([...filter.kinds]);
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

function pageSql(filter: AnomalyFilter, after: AnomalyCursor | undefined, first: number): { sql: string; params: unknown[] } {
  const $ = placeholders();
  const params: unknown[] = [];
  const where = filterSql(filter, $, params);
  let keyset = '';
  if (after) {
    const [c1, s1, c2, s2, id] = [$(), $(), $(), $(), $()];
    keyset = `${where ? ' AND' : 'WHERE'} (p.created_at < ${c1}::timestamptz OR (p.created_at = ${c2}::timestamptz AND (p.score > ${s1} OR (p.score = ${s2} AND p.id < ${id}::bigint))))`;
    params.push(after.createdAt, after.score, after.createdAt, after.score, after.id);
  }
  params.push(first + 1);
  const sql = `
SELECT p.id::text AS id, p.kind, p.model_id, host(p.source_ip) AS source_ip, p.domain, p.score, p.window_start, p.window_end, p.features,
       p.explanation, p.created_at, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at_exact,
       coalesce(CASE WHEN p.domain IS NOT NULL THEN ARRAY[p.domain] END,
                ARRAY(SELECT DISTINCT r.policy_domain FROM dmarc_records r
                      WHERE r.source_ip = p.source_ip AND r.date_begin >= p.window_start AND r.date_begin < p.window_end
                      ORDER BY 1)) AS policy_domains,
       host(g.ip) AS ip, g.country_code, g.country_name, g.subdivision, g.city, g.latitude, g.longitude, g.accuracy_radius_km,
       g.asn, g.as_organization, g.reserved_range
FROM ml_predictions p
LEFT JOIN geolocation_cache g ON g.ip = p.source_ip
${where}${keyset}
ORDER BY p.created_at DESC, p.score, p.id DESC
LIMIT ${$()}`;
  return { sql, params };
}

type AnomalyRow = Record<string, unknown> & { id: string; created_at_exact: string; source_ip: string; ip: string | null };

function toAnomalyView(row: AnomalyRow): AnomalyView {
  const explanation = (row.explanation ?? []) as { text?: string }[];
  return {
    kind: row.kind as AnomalyKind,
    modelId: (row.model_id as string | null) ?? null,
    sourceIp: row.source_ip,
    domain: (row.domain as string | null) ?? null,
    policyDomains: (row.policy_domains as string[]) ?? [],
    score: num(row.score),
    windowStart: new Date(row.window_start as string),
    windowEnd: new Date(row.window_end as string),
    features: row.features as Record<string, number>,
    reasons: explanation.map((e) => e.text ?? ''),
    details: explanation,
    geolocation: row.ip === null ? null : { ...fromCacheRow(row.source_ip, row as unknown as GeoCacheRow), fromCache: true },
    detectedAt: new Date(row.created_at as string),
  };
}

/** Stored anomalies and rule signals, newest first, keyset-paginated. */
export async function listAnomalies(em: EntityManager, filter: AnomalyFilter, page: PageRequest): Promise<Page<AnomalyView>> {
  const first = pageSize(page, MAX_ANOMALY_PAGE);
  if (filter.minScore != null && !(filter.minScore >= 0 && filter.minScore <= 1)) {
    throw new BadUserInputError(`minScore must be in [0, 1], got ${filter.minScore}`);
  }
  const after = page.after ? anomalyCursor.decode(page.after) : undefined;
  const { sql, params } = pageSql(filter, after, first);
  const countParams: unknown[] = [];
  const countSql = `SELECT count(*)::int AS count FROM ml_predictions p ${filterSql(filter, placeholders(), countParams)}`;
  const [rows, [count]] = await Promise.all([selectRows<AnomalyRow>(em, sql, params), selectRows<{ count: number }>(em, countSql, countParams)]);
  return pageOf(rows, first, count?.count ?? 0, (row) => anomalyCursor.encode({ createdAt: row.created_at_exact, score: num(row.score), id: row.id }), toAnomalyView);
}
