import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterReportIngested } from '../analytics/after-report-ingested.js';
import { GeoHeatmapService } from '../analytics/heatmap/index.js';
import type { Config } from '../config/config.js';
import { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { GeolocationService } from '../geolocation/index.js';
import { ReportIngestionService, type ReportIngestionOptions } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import { QuarantineStore } from '../quarantine/quarantine-store.js';

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

/** The quarantine of refused files (refused_reports), capped by QUARANTINE_MAX_BYTES. */
export function createQuarantineStore(deps: { orm: MikroORM; config: Pick<Config, 'quarantine'>; logger: Logger }): QuarantineStore {
  return new QuarantineStore(deps.orm.em, deps.logger, deps.config.quarantine.maxBytes);
}

/**
 * The report ingester with its `onIngested` subscribers, so a report stored by the server (upload,
 * GraphQL, mailbox) and one stored by `dmarc-analytics ingest` have the same effects: new addresses
 * are geolocated, the heatmaps of the domain are dropped, refused files are kept in the quarantine
 * and, with RAW_REPORT_RETENTION, stored reports keep their received file.
 */
export function createIngestionService(
  deps: GeoServices & { orm: MikroORM; logger: Logger; config: Pick<Config, 'rawReports' | 'failureReports'>; quarantine: QuarantineStore; options?: ReportIngestionOptions },
): ReportIngestionService {
  const { orm, geo, heatmaps, logger, config, quarantine } = deps;
  const ingestion = new ReportIngestionService(orm.em, logger, {
    ...deps.options,
    quarantine,
    failurePrivacy: config.failureReports,
    ...(config.rawReports.retention ? { rawRetention: { maxBytes: config.rawReports.maxBytes } } : {}),
  });
  ingestion.onIngested.push(afterReportIngested({ geo, heatmaps, logger }));
  return ingestion;
}
