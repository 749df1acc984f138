/**
 * SQL of the senders view: records of a window grouped per policy domain and sender, the sender
 * being the address's key in sender_names (`ip:<address>` until it is named). The scope's clause
 * comes from `scopeWhere`, its parameters first.
 */

/** The sender key of a record's source address. */
const SENDER_KEY = `coalesce(n.sender_key, 'ip:' || host(r.source_ip))`;

const FROM = `dmarc_records r LEFT JOIN sender_names n ON n.ip = r.source_ip`;

/** Which records: a window, optionally some domains and some sender keys. */
export interface StatsScope {
  readonly from: Date;
  readonly to: Date;
  readonly domains?: readonly string[] | null;
  readonly keys?: readonly string[] | null;
}

export function scopeWhere(scope: StatsScope, params: unknown[]): string {
  params.push(scope.from, scope.to);
  const clauses = [`r.date_begin >= $${params.length - 1}`, `r.date_begin < $${params.length}`];
  if (scope.domains) {
    params.push(scope.domains);
    clauses.push(`r.policy_domain = ANY($${params.length}::text[])`);
  }
  if (scope.keys) {
    params.push(scope.keys);
    clauses.push(`${SENDER_KEY} = ANY($${params.length}::text[])`);
  }
  return clauses.join(' AND ');
}

export interface TotalsRow {
  readonly domain: string;
  readonly sender_key: string;
  readonly name: string | null;
  readonly type: string | null;
  readonly category: string | null;
  readonly sources: string[] | null;
  readonly messages: number;
  readonly dmarc_aligned: number;
  readonly dkim_aligned: number;
  readonly spf_aligned: number;
  readonly rejected: number;
  readonly forwarding_reasons: number;
  readonly forwarded_signature: number;
  readonly arc_pass: number;
  readonly first_seen: Date;
  readonly last_seen: Date;
  readonly ip_count: number;
  readonly countries: string[] | null;
  readonly unconfirmed_ptr_names: string[] | null;
}

/** Per domain and sender: messages, aligned shares, dispositions, forwarding signs, addresses, countries; most messages first. */
export function totalsSql(where: string, limitParam: number): string {
  return `
SELECT r.policy_domain AS domain, ${SENDER_KEY} AS sender_key,
  max(n.sender_name) AS name,
  mode() WITHIN GROUP (ORDER BY n.sender_type) AS type,
  mode() WITHIN GROUP (ORDER BY n.sender_category) AS category,
  array_agg(DISTINCT n.naming_source) FILTER (WHERE n.naming_source IS NOT NULL) AS sources,
  sum(r.count)::float8 AS messages,
  coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass'), 0)::float8 AS dmarc_aligned,
  coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass'), 0)::float8 AS dkim_aligned,
  coalesce(sum(r.count) FILTER (WHERE r.spf_aligned = 'pass'), 0)::float8 AS spf_aligned,
  coalesce(sum(r.count) FILTER (WHERE r.disposition IN ('reject', 'quarantine')), 0)::float8 AS rejected,
  coalesce(sum(r.count) FILTER (WHERE EXISTS (
    SELECT 1 FROM jsonb_array_elements(r.reasons) e WHERE e->>'type' IN ('forwarded', 'mailing_list', 'trusted_forwarder'))), 0)::float8 AS forwarding_reasons,
  coalesce(sum(r.count) FILTER (WHERE EXISTS (
    SELECT 1 FROM jsonb_array_elements(r.reasons) e WHERE e->>'comment' ~* '\\marc=pass')), 0)::float8 AS arc_pass,
  coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' AND r.spf_aligned IS DISTINCT FROM 'pass' AND EXISTS (
    SELECT 1 FROM json_array_elements(r.auth_results) a WHERE a->>'method' = 'spf' AND lower(a->>'result') <> 'pass')), 0)::float8 AS forwarded_signature,
  min(r.date_begin) AS first_seen, max(r.date_begin) AS last_seen,
  count(DISTINCT r.source_ip)::int AS ip_count,
  array_agg(DISTINCT g.country_code) FILTER (WHERE g.country_code IS NOT NULL) AS countries,
  array_agg(DISTINCT n.ptr_name) FILTER (WHERE n.reverse_dns = 'UNCONFIRMED') AS unconfirmed_ptr_names
FROM ${FROM} LEFT JOIN geolocation_cache g ON g.ip = r.source_ip
WHERE ${where}
GROUP BY 1, 2
ORDER BY messages DESC, 1, 2
LIMIT $${limitParam}`;
}

export interface SignatureRow {
  readonly domain: string;
  readonly sender_key: string;
  readonly method: string;
  readonly auth_domain: string | null;
  readonly selector: string | null;
  readonly result: string | null;
  readonly messages: number;
}

/** Per domain and sender: every DKIM signature (d=, selector) and SPF domain the reports give, with their results. */
export function signaturesSql(where: string): string {
  return `
SELECT r.policy_domain AS domain, ${SENDER_KEY} AS sender_key, lower(a->>'method') AS method, lower(a->>'domain') AS auth_domain,
  lower(a->>'selector') AS selector, lower(a->>'result') AS result, sum(r.count)::float8 AS messages
FROM ${FROM} CROSS JOIN LATERAL json_array_elements(r.auth_results) AS a
WHERE ${where}
GROUP BY 1, 2, 3, 4, 5, 6`;
}

export interface ReasonRow {
  readonly domain: string;
  readonly sender_key: string;
  readonly type: string;
  readonly messages: number;
}

/** Per domain and sender: the receivers' override reasons. */
export function reasonsSql(where: string): string {
  return `
SELECT r.policy_domain AS domain, ${SENDER_KEY} AS sender_key, e->>'type' AS type, sum(r.count)::float8 AS messages
FROM ${FROM} CROSS JOIN LATERAL jsonb_array_elements(r.reasons) AS e
WHERE ${where}
GROUP BY 1, 2, 3`;
}

export interface DailyRow {
  readonly domain: string;
  readonly sender_key: string;
  readonly day: string;
  readonly messages: number;
  readonly dmarc_aligned: number;
}

/** Per domain, sender and UTC day: messages and DMARC-aligned messages. */
export function dailySql(where: string): string {
  return `
SELECT r.policy_domain AS domain, ${SENDER_KEY} AS sender_key, to_char(r.date_begin AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
  sum(r.count)::float8 AS messages,
  coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass'), 0)::float8 AS dmarc_aligned
FROM ${FROM}
WHERE ${where}
GROUP BY 1, 2, 3
ORDER BY 3`;
}

export interface IpRow {
  readonly ip: string;
  readonly messages: number;
  readonly dmarc_aligned: number;
  readonly reverse_dns: string | null;
  readonly ptr_name: string | null;
  readonly confirmed_name: string | null;
  readonly dns_error: string | null;
  readonly naming_source: string | null;
  readonly looked_up_at: Date | null;
  readonly country_code: string | null;
  readonly asn: number | null;
  readonly as_organization: string | null;
}

/** The addresses of the scope's senders, most messages first, with what naming found for each. */
export function ipsSql(where: string, limitParam: number): string {
  return `
SELECT host(r.source_ip) AS ip, sum(r.count)::float8 AS messages,
  coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass'), 0)::float8 AS dmarc_aligned,
  max(n.reverse_dns) AS reverse_dns, max(n.ptr_name) AS ptr_name, max(n.confirmed_name) AS confirmed_name, max(n.dns_error) AS dns_error,
  max(n.naming_source) AS naming_source, max(n.looked_up_at) AS looked_up_at,
  max(g.country_code) AS country_code, coalesce(max(n.asn), max(g.asn)) AS asn, coalesce(max(n.as_organization), max(g.as_organization)) AS as_organization
FROM ${FROM} LEFT JOIN geolocation_cache g ON g.ip = r.source_ip
WHERE ${where}
GROUP BY r.source_ip
ORDER BY messages DESC, r.source_ip
LIMIT $${limitParam}`;
}

/** $1: address texts. Each address's sender key (addresses not named yet are their own). */
export const senderKeysSql = `
SELECT x.ip, coalesce(n.sender_key, 'ip:' || x.ip) AS sender_key, n.sender_name AS name
FROM unnest($1::text[]) AS x(ip) LEFT JOIN sender_names n ON n.ip = x.ip::inet`;

/** $1: domain, $2: sender key. Whether a named sender ever sent mail for the domain. */
export const namedSenderExistsSql = `
SELECT EXISTS (SELECT 1 FROM sender_names n JOIN dmarc_records r ON r.source_ip = n.ip WHERE n.sender_key = $2 AND r.policy_domain = $1) AS found`;

/** $1: domain, $2: address. Whether the address ever sent mail for the domain. */
export const addressSentSql = `
SELECT EXISTS (SELECT 1 FROM dmarc_records r WHERE r.source_ip = $2::inet AND r.policy_domain = $1) AS found`;

/** $1 sender key: its name, type and how it was named. */
export const senderNameSql = 'SELECT sender_name, sender_type, naming_source FROM sender_names WHERE sender_key = $1 LIMIT 1';
