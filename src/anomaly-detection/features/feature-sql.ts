/**
 * One row per source IP with its raw aggregates over [start, end): everything the features need
 * except the previous window's volume. Messages weigh by their record's count.
 * Parameters: start, end, then the policy domain when `withDomain` (keeps IPs that sent for it).
 */
export function windowAggregatesSql(withDomain: boolean): string {
  return `
SELECT host(r.source_ip) AS ip,
       sum(r.count) AS messages,
       count(DISTINCT r.report_id) AS reports,
       count(DISTINCT rep.org_name) AS reporters,
       count(DISTINCT lower(r.header_from)) AS header_froms,
       count(DISTINCT r.policy_domain) AS policy_domain_count,
       coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass'), 0) AS dmarc_pass,
       coalesce(sum(r.count) FILTER (WHERE r.spf_aligned = 'pass'), 0) AS spf_pass,
       coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass'), 0) AS dkim_pass,
       coalesce(sum(r.count) FILTER (WHERE r.disposition IN ('quarantine', 'reject')), 0) AS quarantined_rejected,
       coalesce(sum(r.count) FILTER (WHERE r.spf_aligned <> 'pass' AND r.dkim_aligned = 'pass'), 0) AS forwarded,
       count(DISTINCT (r.date_begin AT TIME ZONE 'UTC')::date) AS active_days,
       array_agg(DISTINCT r.policy_domain ORDER BY r.policy_domain) AS policy_domains
FROM dmarc_records r
JOIN dmarc_reports rep ON rep.id = r.report_id
WHERE r.date_begin >= $1::timestamptz AND r.date_begin < $2::timestamptz
GROUP BY r.source_ip${withDomain ? '\nHAVING bool_or(r.policy_domain = $3)' : ''}
ORDER BY r.source_ip`;
}

/** Messages per source IP over [start, end): the baseline of volume_change_log. */
export const previousVolumeSql = `
SELECT host(source_ip) AS ip, sum(count) AS messages
FROM dmarc_records
WHERE date_begin >= $1::timestamptz AND date_begin < $2::timestamptz
GROUP BY source_ip`;

export interface WindowAggregateRow {
  readonly ip: string;
  readonly messages: string | number;
  readonly reports: string | number;
  readonly reporters: string | number;
  readonly header_froms: string | number;
  readonly policy_domain_count: string | number;
  readonly dmarc_pass: string | number;
  readonly spf_pass: string | number;
  readonly dkim_pass: string | number;
  readonly quarantined_rejected: string | number;
  readonly forwarded: string | number;
  readonly active_days: string | number;
  readonly policy_domains: string[] | string;
}
