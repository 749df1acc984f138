/** Geographic heatmaps of DMARC traffic, computed in SQL and kept in analytics_cache. */
export { COMMON_HEATMAP_DAYS, GeoHeatmapService, HEATMAP_CACHE_KIND, MAX_HEATMAP_DAYS, type HeatmapServiceOptions } from './heatmap-service.js';
export type * from './heatmap-types.js';
