import type { GeolocatedColumns } from '../../entities/geolocated-columns.js';
import type { CachedGeoLocation } from './cache/cached-geo-location.js';

/** The location columns a row keeps beside its IP (alerts copy them from the cache when raised). */
export type StoredGeoFields = Readonly<GeolocatedColumns>;

/**
 * The stored fields as the one geolocation shape the API answers with (GraphQL `Geolocation`),
 * or null when none of them is known (or there is no address). Read from the cache when stored, hence `fromCache`.
 */
export function storedGeolocation(ip: string | null, fields: StoredGeoFields): CachedGeoLocation | null {
  if (ip === null) return null;
  const { countryCode = null, city = null, latitude = null, longitude = null, asn = null, asOrganization = null } = fields;
  if ([countryCode, city, latitude, longitude, asn, asOrganization].every((value) => value === null)) return null;
  return {
    ip,
    found: countryCode !== null,
    fromCache: true,
    countryCode,
    countryName: null,
    subdivision: null,
    city,
    latitude,
    longitude,
    accuracyRadiusKm: null,
    asn,
    asOrganization,
    reservedRange: null,
  };
}
