import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { CachedGeoLookup } from './cache/index.js';
import type { GeolocationService } from './geolocation-service.js';

/** Geolocation through the geolocation_cache table, in front of the MaxMind databases (opened with the stores). */
export function geolocationModule(context: ConcernContext, geolocation: GeolocationService): ConcernModule<{ geo: CachedGeoLookup }> {
  const { em, config, logger } = context;
  return { name: 'geolocation', provides: { geo: new CachedGeoLookup({ em, geolocation, ttlDays: config.geoip.cacheTtlDays, logger }) } };
}
