import { placeholders } from '../database/raw-sql.js';
import type { AnomalyFilter } from './anomaly-list.js';

/** The SQL of listing stored anomalies (anomaly-list.ts); `p` is the alias of ml_predictions. */

/** A row's place in the list: created_at to the microsecond, as text. */
interface AnomalyPosition {
  readonly createdAt: string;
  readonly score: number;
  readonly id: string;
}

/** WHERE conditions and their parameters, shared by the page and its totalCount. */
function anomalyFilterSql(filter: AnomalyFilter, $: () => string, params: unknown[]): string {
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

/**
 * A page of the anomalies matching `filter`, newest first, then most anomalous, then by id; after
 * `after` (the position of the previous page's last row) when given; `first + 1` rows.
 */
export function anomalyPageSql(filter: AnomalyFilter, after: AnomalyPosition | undefined, first: number): { sql: string; params: unknown[] } {
  const $ = placeholders();
  const params: unknown[] = [];
  const where = anomalyFilterSql(filter, $, params);
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

/** The number of anomalies matching `filter`, with its parameters. */
export function anomalyCountSql(filter: AnomalyFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  return { sql: `SELECT count(*)::int AS count FROM ml_predictions p ${anomalyFilterSql(filter, placeholders(), params)}`, params };
}
