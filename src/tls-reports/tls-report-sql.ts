import type { TlsReportFilter } from './tls-report-views.js';

/** The columns toTlsReportView reads; `t` is tls_reports. */
const TLS_REPORT_COLUMNS = `t.id, t.org_name, t.report_id, t.contact_info, t.date_begin, t.date_end, t.policy_domains, t.successful_sessions,
  t.failed_sessions, t.warnings, t.received_at`;

export interface TlsReportRow {
  id: string;
  org_name: string;
  report_id: string;
  contact_info: string | null;
  date_begin: Date | string;
  date_end: Date | string;
  policy_domains: string[];
  successful_sessions: string;
  failed_sessions: string;
  warnings: string[];
  received_at: Date | string;
}

/** The WHERE condition of a filter on `t`; its values are appended to `params` and numbered from there. */
export function tlsReportWhere(filter: TlsReportFilter, params: unknown[]): string {
  const conditions = ['true'];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.domain) add((p) => `${p} = ANY(t.policy_domains)`, filter.domain.toLowerCase());
  if (filter.from) add((p) => `t.date_begin >= ${p}`, filter.from);
  if (filter.to) add((p) => `t.date_begin < ${p}`, filter.to);
  const detail = (condition: string) =>
    `EXISTS (SELECT 1 FROM tls_report_policies p JOIN tls_failure_details d ON d.policy_id = p.id WHERE p.report_id = t.id AND ${condition})`;
  if (filter.sourceIp) add((p) => detail(`d.sending_mta_ip = ${p}::inet`), filter.sourceIp);
  if (filter.resultType) add((p) => detail(`d.result_type = ${p}`), filter.resultType.toLowerCase());
  return conditions.join(' AND ');
}

/** $1 report id. Policies in stored order with their failure details as a JSON array. */
export const policiesOfReportSql = `
SELECT p.id, p.policy_type, p.policy_domain, p.policy_strings, p.mx_hosts, p.successful_sessions, p.failed_sessions,
  coalesce((SELECT json_agg(json_build_object(
      'resultType', d.result_type, 'sendingMtaIp', host(d.sending_mta_ip), 'receivingIp', host(d.receiving_ip),
      'receivingMxHostname', d.receiving_mx_hostname, 'receivingMxHelo', d.receiving_mx_helo, 'failedSessions', d.failed_sessions,
      'additionalInformation', d.additional_information, 'failureReasonCode', d.failure_reason_code) ORDER BY d.id)
    FROM tls_failure_details d WHERE d.policy_id = p.id), '[]') AS failure_details
FROM tls_report_policies p WHERE p.report_id = $1 ORDER BY p.id`;

/** $1 domain, $2 from, $3 to. Sessions per UTC day of report start. */
export const tlsDailySql = `
SELECT to_char(p.date_begin AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, sum(p.successful_sessions) AS successful, sum(p.failed_sessions) AS failed,
  count(DISTINCT p.report_id) AS reports
FROM tls_report_policies p
WHERE p.policy_domain = $1 AND p.date_begin >= $2 AND p.date_begin < $3
GROUP BY 1 ORDER BY 1`;

/** $1 domain (null: every domain), $2 from, $3 to, $4 how many. Failed sessions by result type. */
export const tlsFailureTypesSql = `
SELECT d.result_type, sum(d.failed_sessions) AS failed
FROM tls_report_policies p JOIN tls_failure_details d ON d.policy_id = p.id
WHERE ($1::text IS NULL OR p.policy_domain = $1) AND p.date_begin >= $2 AND p.date_begin < $3
GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $4`;

/** $1 from, $2 to, $3 how many domains. Sessions per policy domain, with its most frequent failure. */
export const tlsByDomainSql = `
SELECT p.policy_domain AS domain, count(DISTINCT p.report_id) AS reports, sum(p.successful_sessions) AS successful, sum(p.failed_sessions) AS failed,
  (SELECT d.result_type FROM tls_report_policies q JOIN tls_failure_details d ON d.policy_id = q.id
   WHERE q.policy_domain = p.policy_domain AND q.date_begin >= $1 AND q.date_begin < $2
   GROUP BY d.result_type ORDER BY sum(d.failed_sessions) DESC, d.result_type LIMIT 1) AS top_failure_type
FROM tls_report_policies p
WHERE p.date_begin >= $1 AND p.date_begin < $2
GROUP BY p.policy_domain
ORDER BY sum(p.successful_sessions + p.failed_sessions) DESC, p.policy_domain
LIMIT $3`;

/** $1 domains, $2 window start, $3 window end. Sessions of each domain's policies overlapping the window, by result type. */
export const tlsWindowSql = `
SELECT p.policy_domain AS domain, sum(p.successful_sessions) AS successful, sum(p.failed_sessions) AS failed,
  min(p.date_begin) AS first_seen, max(p.date_end) AS last_seen,
  coalesce((SELECT json_object_agg(x.result_type, x.failed) FROM (
    SELECT d.result_type, sum(d.failed_sessions) AS failed FROM tls_report_policies q JOIN tls_failure_details d ON d.policy_id = q.id
    WHERE q.policy_domain = p.policy_domain AND q.date_end > $2 AND q.date_begin < $3 GROUP BY d.result_type) x), '{}') AS result_types
FROM tls_report_policies p
WHERE p.policy_domain = ANY($1::text[]) AND p.date_end > $2 AND p.date_begin < $3
GROUP BY p.policy_domain`;

/** $1 id. */
export const tlsReportByIdSql = `SELECT ${TLS_REPORT_COLUMNS} FROM tls_reports t WHERE t.id = $1`;

/**
 * A page of the TLS reports matching `condition` (its `n` parameters first), newest first by start.
 * With `afterCursor`, $n+1 and $n+2 are the start and id of the previous page's last report; the
 * last parameter is the limit.
 */
export function tlsReportPageSql(condition: string, n: number, afterCursor: boolean): string {
  const keyset = afterCursor ? ` AND (t.date_begin, t.id) < ($${n + 1}, $${n + 2})` : '';
  return `SELECT ${TLS_REPORT_COLUMNS} FROM tls_reports t WHERE ${condition}${keyset} ORDER BY t.date_begin DESC, t.id DESC LIMIT $${n + (afterCursor ? 3 : 1)}`;
}

/** The TLS reports matching `condition`. */
export const tlsReportCountSql = (condition: string): string => `SELECT count(*) AS n FROM tls_reports t WHERE ${condition}`;
