import { placeholders } from '../../database/raw-sql.js';

/*
 * The rules' queries. Common parameters: window start, window end; `domain` adds a filter and one
 * parameter at the end. "History" means any record of the domain before the window: a domain seen
 * for the first time has no baseline, and every one of its IPs or countries would look new.
 */

const domainFilter = (withDomain: boolean, $: () => string, alias = 'r') => (withDomain ? ` AND ${alias}.policy_domain = ${$()}` : '');

/** Params: start, end, [domain], start, start, limit. */
export const newSendingIpSql = (withDomain: boolean): string => {
  const $ = placeholders();
  return `
WITH cur AS (
  SELECT r.policy_domain, r.source_ip, sum(r.count) AS messages,
         coalesce(sum(r.count) FILTER (WHERE r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass'), 0) AS dmarc_pass,
         min(r.date_begin) AS first_seen
  FROM dmarc_records r
  WHERE r.date_begin >= ${$()}::timestamptz AND r.date_begin < ${$()}::timestamptz${domainFilter(withDomain, $)}
  GROUP BY 1, 2
)
SELECT c.policy_domain AS domain, host(c.source_ip) AS ip, c.messages, c.dmarc_pass, c.first_seen
FROM cur c
WHERE EXISTS (SELECT 1 FROM dmarc_records h WHERE h.policy_domain = c.policy_domain AND h.date_begin < ${$()}::timestamptz)
  AND NOT EXISTS (SELECT 1 FROM dmarc_records p
                  WHERE p.source_ip = c.source_ip AND p.policy_domain = c.policy_domain AND p.date_begin < ${$()}::timestamptz)
ORDER BY c.messages DESC, c.source_ip
LIMIT ${$()}`;
};

/** Params: start, end, [domain], start. */
export const newCountrySql = (withDomain: boolean): string => {
  const $ = placeholders();
  return `
WITH cur AS (
  SELECT r.policy_domain, g.country_code, g.country_name, r.source_ip, sum(r.count) AS messages
  FROM dmarc_records r JOIN geolocation_cache g ON g.ip = r.source_ip
  WHERE r.date_begin >= ${$()}::timestamptz AND r.date_begin < ${$()}::timestamptz${domainFilter(withDomain, $)} AND g.country_code IS NOT NULL
  GROUP BY 1, 2, 3, 4
), history AS (
  SELECT DISTINCT p.policy_domain, g.country_code
  FROM dmarc_records p LEFT JOIN geolocation_cache g ON g.ip = p.source_ip
  WHERE p.date_begin < ${$()}::timestamptz AND p.policy_domain IN (SELECT policy_domain FROM cur)
)
SELECT c.policy_domain AS domain, c.country_code, max(c.country_name) AS country_name, sum(c.messages) AS messages,
       count(*) AS ips, (array_agg(host(c.source_ip) ORDER BY c.messages DESC, c.source_ip))[1] AS top_ip
FROM cur c
WHERE EXISTS (SELECT 1 FROM history h WHERE h.policy_domain = c.policy_domain)
  AND NOT EXISTS (SELECT 1 FROM history h WHERE h.policy_domain = c.policy_domain AND h.country_code = c.country_code)
GROUP BY 1, 2
ORDER BY 1, 2`;
};

/** Params: baseline start, end, [domain], start (as date), min baseline days, start (as date), factor. */
export const volumeSpikeSql = (withDomain: boolean): string => {
  const $ = placeholders();
  return `
WITH daily AS (
  SELECT r.policy_domain, (r.date_begin AT TIME ZONE 'UTC')::date AS day, sum(r.count) AS messages
  FROM dmarc_records r
  WHERE r.date_begin >= ${$()}::timestamptz AND r.date_begin < ${$()}::timestamptz${domainFilter(withDomain, $)}
  GROUP BY 1, 2
), baseline AS (
  SELECT policy_domain, percentile_cont(0.5) WITHIN GROUP (ORDER BY messages) AS median, count(*) AS days
  FROM daily WHERE day < ${$()}::date GROUP BY 1 HAVING count(*) >= ${$()}
)
SELECT d.policy_domain AS domain, to_char(d.day, 'YYYY-MM-DD') AS day, d.messages, b.median
FROM daily d JOIN baseline b USING (policy_domain)
WHERE d.day >= ${$()}::date AND d.messages > ${$()} * b.median
ORDER BY d.policy_domain, d.messages DESC, d.day`;
};

/** Params: start x4, previous start, end, [domain]. */
export const passRateSql = (withDomain: boolean): string => {
  const $ = placeholders();
  return `
SELECT r.policy_domain AS domain,
       coalesce(sum(r.count) FILTER (WHERE r.date_begin >= ${$()}::timestamptz), 0) AS messages,
       coalesce(sum(r.count) FILTER (WHERE r.date_begin >= ${$()}::timestamptz AND (r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass')), 0) AS passed,
       coalesce(sum(r.count) FILTER (WHERE r.date_begin < ${$()}::timestamptz), 0) AS prev_messages,
       coalesce(sum(r.count) FILTER (WHERE r.date_begin < ${$()}::timestamptz AND (r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass')), 0) AS prev_passed
FROM dmarc_records r
WHERE r.date_begin >= ${$()}::timestamptz AND r.date_begin < ${$()}::timestamptz${domainFilter(withDomain, $)}
GROUP BY 1
ORDER BY 1`;
};

/** Largest senders of a domain over [from, to); `failingOnly` counts DMARC failures only. Params: domain, from, to. */
export const topSendersSql = (failingOnly: boolean): string => {
  const $ = placeholders();
  return `
SELECT host(source_ip) AS ip, sum(count) AS messages
FROM dmarc_records
WHERE policy_domain = ${$()} AND date_begin >= ${$()}::timestamptz AND date_begin < ${$()}::timestamptz
${failingOnly ? "AND dkim_aligned <> 'pass' AND spf_aligned <> 'pass'" : ''}
GROUP BY source_ip
ORDER BY 2 DESC, source_ip
LIMIT 3`;
};
