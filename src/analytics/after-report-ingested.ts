import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { IngestedReportEvent } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import type { GeoHeatmapService } from './heatmap/index.js';

/**
 * The reaction of geolocation and heatmaps to `reportIngested` (registered in src/app/reactions.ts):
 * a new report's addresses are geolocated now (so maps need no lookups later) and the heatmaps it
 * changes are dropped.
 */
export function afterReportIngested(deps: { geo: CachedGeoLookup; heatmaps: GeoHeatmapService; logger: Logger }) {
  return async (event: Pick<IngestedReportEvent, 'policyDomain' | 'sourceIps'>): Promise<void> => {
    const geolocated = await deps.geo.geolocateNewIps(event.sourceIps).catch((error: unknown) => {
      // GeoIP down: the heatmaps geolocate these addresses when they are next computed.
      deps.logger.warn({ err: error, domain: event.policyDomain }, 'could not geolocate the new report\'s addresses');
      return undefined;
    });
    const invalidated = await deps.heatmaps.invalidate(event.policyDomain);
    deps.logger.debug({ domain: event.policyDomain, ...geolocated, invalidated }, 'geolocation and heatmaps updated after ingest');
  };
}
