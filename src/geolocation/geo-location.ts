import type { AsnResponse, CityResponse } from 'maxmind';
import type { ReservedRange } from './reserved-ranges.js';

/**
 * What is known about one IP address. Every field but `found` is one column of the
 * `geolocation_cache` table (camelCase here, snake_case there); `found` is derived from them.
 */
export interface GeoLocation {
  /** Canonical text: dotted IPv4 or RFC 5952 IPv6. */
  readonly ip: string;
  /** A country is known: countryCode is not null. */
  readonly found: boolean;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string | null;
  /** English name. */
  readonly countryName: string | null;
  /** English name of the largest subdivision (state, region). */
  readonly subdivision: string | null;
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly accuracyRadiusKm: number | null;
  readonly asn: number | null;
  readonly asOrganization: string | null;
  /** Set for special-purpose addresses, which are never looked up. */
  readonly reservedRange: ReservedRange | null;
}

/** The `geolocation_cache` column of each field, for the cache layer. */
export const geoLocationColumns = {
  ip: 'ip',
  countryCode: 'country_code',
  countryName: 'country_name',
  subdivision: 'subdivision',
  city: 'city',
  latitude: 'latitude',
  longitude: 'longitude',
  accuracyRadiusKm: 'accuracy_radius_km',
  asn: 'asn',
  asOrganization: 'as_organization',
  reservedRange: 'reserved_range',
} as const satisfies Record<Exclude<keyof GeoLocation, 'found'>, string>;

export function reservedGeoLocation(ip: string, reservedRange: ReservedRange): GeoLocation {
  return {
    ip,
    found: false,
    countryCode: null,
    countryName: null,
    subdivision: null,
    city: null,
    latitude: null,
    longitude: null,
    accuracyRadiusKm: null,
    asn: null,
    asOrganization: null,
    reservedRange,
  };
}

export function databaseGeoLocation(ip: string, place: CityResponse | null, network: AsnResponse | null): GeoLocation {
  // Without a located country (some anycast and satellite networks) the registration country
  // is the best answer the database has for a per-country report.
  const country = place?.country ?? place?.registered_country;
  const location = place?.location;
  const countryCode = country?.iso_code ?? null;
  return {
    ip,
    found: countryCode !== null,
    countryCode,
    countryName: country?.names?.en ?? null,
    subdivision: place?.subdivisions?.[0]?.names?.en ?? null,
    city: place?.city?.names?.en ?? null,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    accuracyRadiusKm: location?.accuracy_radius ?? null,
    asn: network?.autonomous_system_number ?? null,
    asOrganization: network?.autonomous_system_organization ?? null,
    reservedRange: null,
  };
}
