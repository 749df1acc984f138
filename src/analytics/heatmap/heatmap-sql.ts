import type { HeatmapQuery } from './heatmap-types.js';

/**
 * The records a heatmap covers, as a WHERE clause on `dmarc_records r` and its parameters. The
 * domain and date conditions match the (policy_domain, date_begin) index.
 */
export function recordFilter(query: HeatmapQuery): { where: string; params: unknown[] } {
  const params: unknown[] = [query.days];
  const conditions = ['r.date_begin >= now() - make_interval(days => $1)'];
  if (query.domain !== null) {
    params.push(query.domain);
    conditions.push(`r.policy_domain = $${params.length}`);
  }
  if (query.disposition !== null) {
    params.push(query.disposition);
    conditions.push(`r.disposition = $${params.length}`);
  }
  return { where: conditions.join(' AND '), params };
}

/**
 * Addresses of the covered records without a fresh cache row: geolocated before aggregating.
 * Distinct addresses first, so the cache is probed once per address rather than per record.
 */
export function uncachedIpsSql(where: string): string {
  return `
SELECT host(r.source_ip) AS ip
FROM (SELECT DISTINCT r.source_ip FROM dmarc_records r WHERE ${where}) r
WHERE NOT EXISTS (SELECT 1 FROM geolocation_cache g WHERE g.ip = r.source_ip AND g.expires_at > now())`;
}

/**
 * Records are first summed per source IP (one hash aggregate over the window), and only those
 * rows, one per address, are joined to the cache and grouped three ways: per country bucket
 * (countries, plus `~unknown` and `~reserved` for addresses without a country), per map point,
 * and the grand total. An address has one cache row, so it falls in exactly one bucket and one
 * point: `count(*)` counts distinct addresses without count(DISTINCT)'s sorts over every record.
 * DMARC passes when aligned DKIM or aligned SPF passes (RFC 7489 §6.6.2); counts weigh records.
 * A point's coordinates are the mean over its addresses.
 */
export function heatmapAggregateSql(where: string): string {
  return `
WITH per_ip AS (
  SELECT r.source_ip, sum(r.count) AS messages,
         sum(r.count) FILTER (WHERE NOT (r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass')) AS failures
  FROM dmarc_records r
  WHERE ${where}
  GROUP BY r.source_ip
), located AS (
  SELECT p.messages, p.failures,
         coalesce(g.country_code, CASE WHEN g.reserved_range IS NOT NULL THEN '~reserved' ELSE '~unknown' END) AS bucket,
         g.country_code, g.country_name, g.city, g.latitude, g.longitude,
         CASE WHEN g.latitude IS NULL OR g.longitude IS NULL THEN NULL
              WHEN g.city IS NOT NULL THEN concat_ws('|', 'city', g.country_code, g.subdivision, g.city)
              ELSE concat_ws('|', 'cell', g.country_code, round(g.latitude::numeric, 1), round(g.longitude::numeric, 1))
         END AS point
  FROM per_ip p
  LEFT JOIN geolocation_cache g ON g.ip = p.source_ip
)
SELECT CASE WHEN grouping(bucket) = 0 THEN 'bucket' WHEN grouping(point) = 0 THEN 'point' ELSE 'total' END AS level,
       bucket, point,
       max(country_code) AS country_code, max(country_name) AS country_name, max(city) AS city,
       avg(latitude) AS latitude, avg(longitude) AS longitude,
       sum(messages) AS messages,
       count(*) AS ips,
       coalesce(sum(failures), 0) AS failures
FROM located
GROUP BY GROUPING SETS ((bucket), (point), ())`;
}

export interface HeatmapAggregateRow {
  readonly level: 'bucket' | 'point' | 'total';
  readonly bucket: string | null;
  readonly point: string | null;
  readonly country_code: string | null;
  readonly country_name: string | null;
  readonly city: string | null;
  readonly latitude: number | string | null;
  readonly longitude: number | string | null;
  readonly messages: string | number | null;
  readonly ips: string | number;
  readonly failures: string | number;
}

export const recentDomainsSql = `
SELECT DISTINCT policy_domain AS domain FROM dmarc_records
WHERE date_begin >= now() - make_interval(days => $1) ORDER BY 1`;

/**
 * The addresses of one country with the most messages in the window (`$country` and `$limit` are
 * the parameters after the record filter's). Same sums as the heatmap, one row per address.
 */
export function topSendersSql(where: string, countryParam: number, limitParam: number): string {
  return `
WITH per_ip AS (
  SELECT r.source_ip, sum(r.count) AS messages,
         coalesce(sum(r.count) FILTER (WHERE NOT (r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass')), 0) AS failures,
         array_agg(DISTINCT r.policy_domain ORDER BY r.policy_domain) AS domains
  FROM dmarc_records r
  WHERE ${where}
  GROUP BY r.source_ip
)
SELECT host(p.source_ip) AS source_ip, p.messages::float8 AS messages, p.failures::float8 AS failures, p.domains,
       g.city, g.asn, g.as_organization
FROM per_ip p
JOIN geolocation_cache g ON g.ip = p.source_ip
WHERE g.country_code = $${countryParam}
ORDER BY p.messages DESC, p.source_ip
LIMIT $${limitParam}`;
}

export interface TopSenderRow {
  readonly source_ip: string;
  readonly messages: number;
  readonly failures: number;
  readonly domains: string[];
  readonly city: string | null;
  readonly asn: number | null;
  readonly as_organization: string | null;
}
