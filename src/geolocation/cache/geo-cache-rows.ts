import { geoLocationColumns, type GeoLocation } from '../geo-location.js';
import type { ReservedRange } from '../reserved-ranges.js';
import { cacheRowColumns } from './geo-cache-sql.js';

/** One geolocation_cache row as read back (snake_case columns, `ip` as host text). */
export interface GeoCacheRow {
  readonly ip: string;
  readonly country_code: string | null;
  readonly country_name: string | null;
  readonly subdivision: string | null;
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly accuracy_radius_km: number | null;
  readonly asn: number | null;
  readonly as_organization: string | null;
  readonly reserved_range: string | null;
}

const fieldOf = Object.fromEntries(Object.entries(geoLocationColumns).map(([field, column]) => [column, field])) as Record<
  (typeof cacheRowColumns)[number][0],
  Exclude<keyof GeoLocation, 'found'>
>;

/** The array parameters ($2, $3 ...) of upsertRowsSql for the locations: one array per column. */
export function toCacheColumns(locations: readonly GeoLocation[]): unknown[][] {
  return cacheRowColumns.map(([column]) => {
    const field = fieldOf[column];
    return locations.map((location) => location[field]);
  });
}

/** `ip` is the caller's canonical text, so answers match the addresses that were asked for. */
export function fromCacheRow(ip: string, row: GeoCacheRow): GeoLocation {
  return {
    ip,
    found: row.country_code !== null,
    countryCode: row.country_code,
    countryName: row.country_name,
    subdivision: row.subdivision,
    city: row.city,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    accuracyRadiusKm: row.accuracy_radius_km,
    asn: row.asn,
    asOrganization: row.as_organization,
    reservedRange: row.reserved_range as ReservedRange | null,
  };
}
