import { geoLocationColumns } from '../geo-location.js';

/**
 * SQL of the geolocation cache. Address lists and rows travel as array parameters, one per
 * column (`unnest($2::inet[], $3::text[], ...)`): bound, not inlined, and parsed by PostgreSQL
 * far faster than a JSON document of the same rows.
 */

const selectColumns = `host(ip) AS ip, country_code, country_name, subdivision, city, latitude, longitude,
  accuracy_radius_km, asn, as_organization, reserved_range`;

/** $1: address texts. Rows that have not expired. */
export const selectFreshRowsSql = `
SELECT ${selectColumns}
FROM geolocation_cache
WHERE ip = ANY($1::inet[]) AND expires_at > now()`;

/** $1: address texts. Those with no row, or only an expired one (as given). */
export const selectMissingSql = `
SELECT x.ip
FROM unnest($1::text[]) AS x(ip)
WHERE NOT EXISTS (SELECT 1 FROM geolocation_cache g WHERE g.ip = x.ip::inet AND g.expires_at > now())`;

/** $1: address texts. Those that are the source of some stored record (index probes on dmarc_records). */
export const selectReportedSql = `
SELECT x.ip
FROM unnest($1::text[]) AS x(ip)
WHERE EXISTS (SELECT 1 FROM dmarc_records r WHERE r.source_ip = x.ip::inet)`;

/** The column order of upsertRowsSql's arrays ($2, $3 ...), and each array's type. */
export const cacheRowColumns = [
  ['ip', 'inet'],
  ['country_code', 'text'],
  ['country_name', 'text'],
  ['subdivision', 'text'],
  ['city', 'text'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['accuracy_radius_km', 'int4'],
  ['asn', 'int4'],
  ['as_organization', 'text'],
  ['reserved_range', 'text'],
] as const satisfies readonly (readonly [(typeof geoLocationColumns)[keyof typeof geoLocationColumns], string])[];

const names = cacheRowColumns.map(([name]) => name);
const dataColumns = names.filter((name) => name !== 'ip');

/**
 * $1: TTL in days; $2...: one array per cacheRowColumns entry, distinct by ip. A re-lookup of an
 * expired row replaces it in place.
 */
export const upsertRowsSql = `
INSERT INTO geolocation_cache (${names.join(', ')}, looked_up_at, expires_at)
SELECT ${names.map((name) => `x.${name}`).join(', ')}, now(), now() + make_interval(days => $1)
FROM unnest(${cacheRowColumns.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ')}) AS x(${names.join(', ')})
ON CONFLICT (ip) DO UPDATE SET ${[...dataColumns, 'looked_up_at', 'expires_at'].map((c) => `${c} = excluded.${c}`).join(', ')}`;

export const purgeExpiredSql = `DELETE FROM geolocation_cache WHERE expires_at <= now()`;

export const cacheSizeSql = `
SELECT count(*) AS total, count(*) FILTER (WHERE expires_at <= now()) AS expired FROM geolocation_cache`;
