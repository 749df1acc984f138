import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { GeoHeatmapService } from './heatmap/index.js';

/** Heatmaps over the geolocated records, kept in analytics_cache (dropped when a report of their domain arrives). */
export function analyticsModule(context: ConcernContext, geo: CachedGeoLookup): ConcernModule<{ heatmaps: GeoHeatmapService }> {
  return { name: 'analytics', provides: { heatmaps: new GeoHeatmapService({ em: context.em, geo, logger: context.logger }) } };
}
