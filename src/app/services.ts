import { AnomalyModelService } from '../anomaly-detection/model-service.js';
import { createAuthServices } from '../auth/auth-services.js';
import type { Config } from '../config/config.js';
import type { Services } from '../graphql/context.js';
import { HealthService } from '../health/health-service.js';
import type { Logger } from '../logging/logger.js';
import { ReportQueryService } from '../reports/report-query-service.js';
import { WebhookService } from '../webhooks/index.js';
import type { Dependencies } from './dependencies.js';
import { createGeoServices, createIngestionService } from './ingestion-wiring.js';

/** What the service graph is built from: the opened stores (see openDependencies). */
export type ServiceDependencies = Pick<Dependencies, 'database' | 'mongo' | 'geolocation' | 'probes'>;

/**
 * The whole service graph, built one way for every entry point: `serve`, `worker`, the CLI
 * commands, the benchmarks and the tests. Building it opens nothing and listens on nothing (like
 * building a fastify instance before `listen`): the dependencies are opened by the caller, which
 * also closes them.
 */
export function createServices(config: Config, dependencies: ServiceDependencies, logger: Logger): Services {
  const { orm } = dependencies.database;
  // Every service forks the root EntityManager per operation (the global context is disabled).
  const { em } = orm;
  const { geo, heatmaps } = createGeoServices({ em, geolocation: dependencies.geolocation, config, logger });
  return {
    config,
    health: new HealthService(dependencies.probes, Math.min(config.lifecycle.startupTimeoutMs, 5_000), config.lifecycle.readinessCacheMs),
    startedAt: new Date(),
    reports: new ReportQueryService(),
    geo,
    heatmaps,
    // Shared by POST /reports, the ingestReport mutation and `dmarc-analytics ingest`; its
    // subscribers geolocate new addresses and drop the domain's heatmaps.
    ingestion: createIngestionService({ orm, geo, heatmaps, logger }),
    anomalies: new AnomalyModelService(logger),
    auth: createAuthServices({ em, config, logger }),
    webhooks: new WebhookService({ em, logger, settings: config.webhooks }),
  };
}
