import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterReportIngested } from '../analytics/after-report-ingested.js';
import { GeoHeatmapService } from '../analytics/heatmap/index.js';
import type { Config } from '../config/config.js';
import { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { GeolocationService } from '../geolocation/index.js';
import { ReportIngestionService, type ReportIngestionOptions } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';

export interface GeoServices {
  readonly geo: CachedGeoLookup;
  readonly heatmaps: GeoHeatmapService;
}

/**
 * The geolocation cache and the heatmaps over it, built one way for the server and the CLI.
 * `em` is the ORM's root EntityManager: both services fork it (or use only its connection) per
 * operation, since the global context is disabled.
 */
export function createGeoServices(deps: { em: EntityManager; geolocation: GeolocationService; config: Pick<Config, 'geoip'>; logger: Logger }): GeoServices {
  const { em, geolocation, config, logger } = deps;
  const geo = new CachedGeoLookup({ em, geolocation, ttlDays: config.geoip.cacheTtlDays, logger });
  return { geo, heatmaps: new GeoHeatmapService({ em, geo, logger }) };
}

/**
 * The report ingester with its `onIngested` subscribers, so a report stored by the server (upload,
 * GraphQL) and one stored by `dmarc-analytics ingest` have the same effects: new addresses are
 * geolocated and the heatmaps of the domain are dropped.
 */
export function createIngestionService(deps: GeoServices & { orm: MikroORM; logger: Logger; options?: ReportIngestionOptions }): ReportIngestionService {
  const { orm, geo, heatmaps, logger } = deps;
  const ingestion = new ReportIngestionService(orm.em, logger, deps.options);
  ingestion.onIngested.push(afterReportIngested({ geo, heatmaps, logger }));
  return ingestion;
}
