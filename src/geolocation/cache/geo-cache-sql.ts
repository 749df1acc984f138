/**
 * SQL of the geolocation cache. Address lists travel as one JSON text parameter: MikroORM inlines
 * parameters into the statement, and one escaped string is far cheaper than thousands of literals.
 */

const selectColumns = `host(ip) AS ip, country_code, country_name, subdivision, city, latitude, longitude,
  accuracy_radius_km, asn, as_organization, reserved_range`;

/** Params: JSON array of address texts. Rows that have not expired. */
export const selectFreshRowsSql = `
SELECT ${selectColumns}
FROM geolocation_cache
WHERE ip IN (SELECT value::inet FROM jsonb_array_elements_text(?::jsonb)) AND expires_at > now()`;

/** Params: JSON array of address texts. Those with no row, or only an expired one. */
export const selectMissingSql = `
SELECT x.value AS ip
FROM jsonb_array_elements_text(?::jsonb) AS x
WHERE NOT EXISTS (SELECT 1 FROM geolocation_cache g WHERE g.ip = x.value::inet AND g.expires_at > now())`;

const recordColumns = `ip text, country_code text, country_name text, subdivision text, city text,
  latitude double precision, longitude double precision, accuracy_radius_km int, asn int,
  as_organization text, reserved_range text`;

const dataColumns = [
  'country_code', 'country_name', 'subdivision', 'city', 'latitude', 'longitude',
  'accuracy_radius_km', 'asn', 'as_organization', 'reserved_range',
] as const;

/**
 * Params: TTL in days, JSON array of rows (toCacheRow), distinct by ip. A re-lookup of an expired
 * row replaces it in place.
 */
export const upsertRowsSql = `
INSERT INTO geolocation_cache (ip, ${dataColumns.join(', ')}, looked_up_at, expires_at)
SELECT x.ip::inet, ${dataColumns.map((c) => `x.${c}`).join(', ')}, now(), now() + make_interval(days => ?)
FROM jsonb_to_recordset(?::jsonb) AS x(${recordColumns})
ON CONFLICT (ip) DO UPDATE SET ${[...dataColumns, 'looked_up_at', 'expires_at'].map((c) => `${c} = excluded.${c}`).join(', ')}`;

export const purgeExpiredSql = `DELETE FROM geolocation_cache WHERE expires_at <= now()`;

export const cacheSizeSql = `
SELECT count(*) AS total, count(*) FILTER (WHERE expires_at <= now()) AS expired FROM geolocation_cache`;
