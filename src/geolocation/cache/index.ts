/** The geolocation_cache table in front of the MaxMind lookups. */
export { CachedGeoLookup, purgeExpiredGeolocations, type CachedGeoLookupOptions } from './cached-geo-lookup.js';
export type { CachedGeoLocation, GeoCacheCounters, GeolocateBatchResult } from './cached-geo-location.js';
export type { GeoDatabaseSummary, GeoStats } from './geo-stats.js';
