import { ALERT_COLUMNS, ruleMatchesSql } from './alert-sql.js';

/**
 * The SQL of raising alerts from a detection run (raise-alerts.ts), all in its one transaction.
 * Candidates travel as arrays (`unnest`) or one JSON document (`jsonb_to_recordset`), one statement
 * per step whatever their number.
 */

/** $1 the run's alert keys: one transaction-scoped advisory lock each, taken in key order so concurrent runs cannot deadlock. */
export const lockAlertKeysSql = `
SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtextextended('alert:' || k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) s`;

/**
 * $1 source IPs (null for an alert about a domain), $2 kinds, $3 dedup domains (one per candidate),
 * $4 the cooldown's start: the active alert of each key, or failing that one closed within the cooldown.
 */
export const existingAlertsSql = `
SELECT DISTINCT ON (a.source_ip, a.kind, a.dedup_domain) a.id, host(a.source_ip) AS ip, a.kind, a.dedup_domain,
       a.state IN ('OPEN', 'ACKNOWLEDGED') AS active, a.window_start
FROM alerts a JOIN unnest($1::inet[], $2::text[], $3::text[]) AS k(ip, kind, domain)
  ON (a.source_ip = k.ip OR (a.source_ip IS NULL AND k.ip IS NULL)) AND a.kind = k.kind AND a.dedup_domain = k.domain
WHERE a.state IN ('OPEN', 'ACKNOWLEDGED') OR a.state_changed_at > $4
ORDER BY a.source_ip, a.kind, a.dedup_domain, (a.state IN ('OPEN', 'ACKNOWLEDGED')) DESC`;

/**
 * $1 item numbers, $2 source IPs, $3 domains ('' for every domain), $4 since, $5 until: the
 * messages of each source in its range (its domain only, for rule alerts), one row per item.
 */
export const messageCountsSql = `
SELECT x.i, min(r.date_begin) AS first_seen, max(r.date_begin) AS last_seen, coalesce(sum(r.count), 0) AS messages
FROM unnest($1::int[], $2::inet[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS x(i, ip, domain, since, until)
LEFT JOIN dmarc_records r ON r.source_ip = x.ip AND r.date_begin >= x.since AND r.date_begin < x.until
  AND (x.domain = '' OR r.policy_domain = x.domain)
GROUP BY x.i`;

/** $1 the refreshed values (JSON, one object per active alert, keyed by id), $2 now. Returns the ids refreshed. */
export const refreshAlertsSql = `
UPDATE alerts a SET score = x.score, reasons = x.reasons, evidence = x.evidence, model_id = coalesce(x.model_id, a.model_id),
  domains = ARRAY(SELECT DISTINCT d FROM unnest(a.domains || x.domains) AS d ORDER BY d),
  first_seen_at = least(a.first_seen_at, x.first_seen_at), last_seen_at = greatest(a.last_seen_at, x.last_seen_at),
  sender = coalesce(x.sender, a.sender),
  message_count = greatest(a.message_count, x.message_count), updated_at = $2
FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, score double precision, domains text[], reasons jsonb, evidence jsonb, model_id uuid,
  sender jsonb, first_seen_at timestamptz, last_seen_at timestamptz, message_count bigint)
WHERE a.id = x.id AND a.state IN ('OPEN', 'ACKNOWLEDGED')
RETURNING a.id`;

/** $1 the fresh candidates (JSON: i, source_ip, asn, country_code, domains, kind), $2 now: the oldest unexpired rule matching each. */
export const matchingRulesSql = `
SELECT x.i, (SELECT r.id FROM alert_suppression_rules r WHERE ${ruleMatchesSql('$2')} ORDER BY r.created_at, r.id LIMIT 1) AS rule_id
FROM jsonb_to_recordset($1::jsonb) AS x(i int, source_ip inet, asn int, country_code text, domains text[], kind text)`;

/**
 * $1 the new alerts (JSON, one object per fresh candidate, columns by name), $2 now: inserted with
 * their first history row. The partial unique index alerts_one_active_per_key makes an insert that
 * would give a key a second active alert do nothing. Returns the inserted alerts, most severe first.
 */
export const insertAlertsSql = `
WITH inserted AS (
  INSERT INTO alerts (kind, state, score, source_ip, dedup_domain, domains, country_code, city, latitude, longitude, asn, as_organization,
    reasons, evidence, model_id, sender, window_start, first_seen_at, last_seen_at, message_count, suppression_rule_id, state_changed_at,
    state_changed_by, created_at, updated_at)
  SELECT x.kind, x.state, x.score, x.source_ip, x.dedup_domain, x.domains, x.country_code, x.city, x.latitude, x.longitude, x.asn,
    x.as_organization, x.reasons, x.evidence, x.model_id, x.sender, x.window_start, x.first_seen_at, x.last_seen_at, x.message_count,
    x.suppression_rule_id, x.state_changed_at, x.state_changed_by, $2, $2
  FROM jsonb_to_recordset($1::jsonb) AS x(kind text, state text, score double precision, source_ip inet, dedup_domain text, domains text[],
    country_code text, city text, latitude double precision, longitude double precision, asn int, as_organization text, reasons jsonb,
    evidence jsonb, model_id uuid, sender jsonb, window_start timestamptz, first_seen_at timestamptz, last_seen_at timestamptz, message_count bigint,
    suppression_rule_id uuid, state_changed_at timestamptz, state_changed_by text)
  ON CONFLICT (source_ip, kind, dedup_domain) WHERE state IN ('OPEN', 'ACKNOWLEDGED') DO NOTHING
  RETURNING *
), history AS (
  INSERT INTO alert_state_changes (alert_id, from_state, to_state, actor, created_at)
  SELECT id, NULL, state, coalesce(state_changed_by, 'detection'), created_at FROM inserted
)
SELECT ${ALERT_COLUMNS} FROM inserted a ORDER BY a.score DESC, a.source_ip`;
