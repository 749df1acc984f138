import type { GeoLocation } from '../geo-location.js';

/** A GeoLocation and where it came from. */
export interface CachedGeoLocation extends GeoLocation {
  /** Read from a fresh geolocation_cache row rather than looked up in the MaxMind database now. */
  readonly fromCache: boolean;
}

/** What geolocateNewIps did with a batch. */
export interface GeolocateBatchResult {
  /** Distinct valid addresses in the batch. */
  readonly distinct: number;
  /** Already in the cache and not expired. */
  readonly alreadyCached: number;
  /** Looked up and written to the cache (reserved addresses included). */
  readonly lookedUp: number;
}

/** Cache rows and lookups counted since the process started. */
export interface GeoCacheCounters {
  readonly hits: number;
  readonly misses: number;
  /** hits / (hits + misses); null before the first cacheable lookup. */
  readonly hitRate: number | null;
}
