import type { AlertFilter } from './alert-views.js';

/**
 * The SQL of alerts: reading, listing and moving them through their lifecycle, and suppression
 * rules. Raising them from a detection run: raise-alerts-sql.ts. `a` is the alias of alerts, `r`
 * of alert_suppression_rules.
 */

/** Every column of an alert as alertFromRow (alert-rows.ts) reads it. */
export const ALERT_COLUMNS = `a.id, a.kind, a.state, a.score, host(a.source_ip) AS source_ip, a.domains, a.country_code, a.city, a.latitude,
  a.longitude, a.asn, a.as_organization, a.reasons, a.evidence, a.model_id, a.message_count, a.first_seen_at, a.last_seen_at,
  a.created_at, a.state_changed_at, a.state_changed_by, a.comment, a.suppression_rule_id, a.sender,
  (SELECT count(*) FROM alert_failure_reports e WHERE e.alert_id = a.id) AS failure_report_count`;

/**
 * The condition on `a` for a checked `filter` (alert-service.ts checks it); its parameters are
 * appended to `params` and numbered from there.
 */
export function alertWhereSql(filter: AlertFilter | null | undefined, params: unknown[]): string {
  const conditions: string[] = ['true'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!filter) return conditions.join(' AND ');
  if (filter.states?.length) conditions.push(`a.state = ANY(${param(filter.states)}::text[])`);
  if (filter.kinds?.length) conditions.push(`a.kind = ANY(${param(filter.kinds)}::text[])`);
  if (filter.domains?.length) conditions.push(`a.domains && ${param(filter.domains.map((d) => d.toLowerCase()))}::text[]`);
  if (filter.countries?.length) conditions.push(`a.country_code = ANY(${param(filter.countries.map((c) => c.toUpperCase()))}::text[])`);
  if (filter.minScore != null) conditions.push(`a.score >= ${param(filter.minScore)}`);
  if (filter.since) conditions.push(`a.created_at >= ${param(filter.since)}`);
  if (filter.until) conditions.push(`a.created_at < ${param(filter.until)}`);
  if (filter.sourceIp) conditions.push(`a.source_ip = ${param(filter.sourceIp)}::inet`);
  return conditions.join(' AND ');
}

/** $1 id. */
export const alertByIdSql = `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE a.id = $1`;

/**
 * A page of the alerts matching `where` (alertWhereSql, `n` parameters), newest first. With
 * `afterCursor`, $n+1 and $n+2 are the creation time and id of the last alert of the previous
 * page; the last parameter is the limit.
 */
export function alertPageSql(where: string, n: number, afterCursor: boolean): string {
  const keyset = afterCursor ? ` AND (a.created_at, a.id) < ($${n + 1}, $${n + 2}::uuid)` : '';
  return `SELECT ${ALERT_COLUMNS} FROM alerts a WHERE ${where}${keyset} ORDER BY a.created_at DESC, a.id DESC LIMIT $${n + (afterCursor ? 3 : 1)}`;
}

/** The alerts matching `where` (alertWhereSql's parameters). */
export const alertCountSql = (where: string): string => `SELECT count(*) AS n FROM alerts a WHERE ${where}`;

export const alertCountsByStateSql = 'SELECT state, count(*) AS n FROM alerts GROUP BY state';

export const alertCountsByKindSql = 'SELECT kind, state, count(*) AS n FROM alerts GROUP BY kind, state';

/** $1 alert ids: their state changes, by alert, oldest first. */
export const alertHistoriesSql = 'SELECT * FROM alert_state_changes WHERE alert_id = ANY($1::uuid[]) ORDER BY alert_id, created_at, id';

/**
 * One statement: lock the alerts matching `where` (its `n` parameters first) that may reach the
 * target state, move them, write their history; returns the moved alerts, oldest first.
 * $n+1 target state, $n+2 the states it may be reached from, $n+3 actor, $n+4 comment, $n+5 now,
 * $n+6 the suppression rule's id (or null), $n+7 the most to move.
 */
export function transitionSql(where: string, n: number): string {
  return `WITH target AS (
  SELECT a.id, a.state FROM alerts a WHERE ${where} AND a.state = ANY($${n + 2}::text[])
  ORDER BY a.created_at, a.id LIMIT $${n + 7} FOR UPDATE
), changed AS (
  UPDATE alerts a SET state = $${n + 1}, state_changed_at = $${n + 5}, state_changed_by = $${n + 3}, comment = $${n + 4},
    updated_at = $${n + 5}, suppression_rule_id = coalesce($${n + 6}::uuid, a.suppression_rule_id)
  FROM target t WHERE a.id = t.id RETURNING a.*, t.state AS from_state
), history AS (
  INSERT INTO alert_state_changes (alert_id, from_state, to_state, actor, comment, created_at)
  SELECT id, from_state, state, state_changed_by, comment, state_changed_at FROM changed
)
SELECT ${ALERT_COLUMNS} FROM changed a ORDER BY a.created_at, a.id`;
}

/**
 * The one definition of "rule r matches alert x", as SQL: `x` is anything with source_ip (inet),
 * asn, country_code, domains (text[]) and kind. `now` is a parameter placeholder.
 */
export function ruleMatchesSql(now: string): string {
  return `(r.network IS NULL OR x.source_ip <<= r.network)
    AND (r.asn IS NULL OR r.asn = x.asn)
    AND (r.country_code IS NULL OR r.country_code = x.country_code)
    AND (r.domain IS NULL OR r.domain = ANY(x.domains))
    AND (r.kind IS NULL OR r.kind = x.kind)
    AND (r.expires_at IS NULL OR r.expires_at > ${now})`;
}

/** Every column of a rule as ruleFromRow (suppression-rules.ts) reads it. */
export const RULE_COLUMNS = 'r.id, r.network::text AS network, r.asn, r.country_code, r.domain, r.kind, r.comment, r.expires_at, r.created_by, r.created_at';

/** $1 network (an address or block), $2 asn, $3 country, $4 domain, $5 kind, $6 comment, $7 expiry, $8 created by, $9 now. */
export const insertRuleSql = `
INSERT INTO alert_suppression_rules AS r (network, asn, country_code, domain, kind, comment, expires_at, created_by, created_at)
VALUES (network($1::inet), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RULE_COLUMNS}`;

/** The condition (for transitionSql) on the alerts rule $1 matches at $2. */
export const matchedByRuleSql = `EXISTS (SELECT 1 FROM alert_suppression_rules r, (SELECT a.source_ip, a.asn, a.country_code, a.domains, a.kind) x
  WHERE r.id = $1 AND ${ruleMatchesSql('$2')})`;

export const rulesSql = `SELECT ${RULE_COLUMNS} FROM alert_suppression_rules r ORDER BY r.created_at DESC, r.id`;

/** $1 rule id. */
export const deleteRuleSql = 'DELETE FROM alert_suppression_rules WHERE id = $1 RETURNING id';
