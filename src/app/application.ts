import type { FastifyInstance } from 'fastify';
import { AnomalyModelService } from '../anomaly-detection/model-service.js';
import { createAuthServices, warnAboutAuthConfig } from '../auth/auth-services.js';
import { withPermissions } from '../auth/permissions.js';
import type { Config } from '../config/config.js';
import { applyPendingMigrations, requireMigrated } from '../database/migrate.js';
import { DependencyUnavailableError, StartupError } from '../errors/app-error.js';
import type { Services } from '../graphql/context.js';
import { buildGraphQLSchema } from '../graphql/schema.js';
import { HealthService } from '../health/health-service.js';
import { createHttpServer } from '../http/http-server.js';
import type { Logger } from '../logging/logger.js';
import { ReportQueryService } from '../reports/report-query-service.js';
import { openDependencies, type Dependencies } from './dependencies.js';
import { createGeoServices, createIngestionService, createQuarantineStore } from './ingestion-wiring.js';

export interface Application {
  /** Base URL the server listens on, e.g. http://127.0.0.1:4000 */
  readonly url: string;
  readonly services: Services;
  readonly dependencies: Dependencies;
  /** Stops accepting, finishes in-flight requests, closes sockets and stores. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The lifecycle in one place: open dependencies, migrate, build the schema, listen. Stopping runs
 * the same steps backwards.
 */
export async function startApplication(config: Config, logger: Logger): Promise<Application> {
  const startedAt = new Date();
  const dependencies = await openDependencies(config, logger);
  let http: FastifyInstance | undefined;
  try {
    await prepareSchema(config, dependencies, logger);
    const { em } = dependencies.database.orm;
    const { geo, heatmaps } = createGeoServices({ em, geolocation: dependencies.geolocation, config, logger });
    const quarantine = createQuarantineStore({ orm: dependencies.database.orm, config, logger });
    const services: Services = {
      config,
      health: new HealthService(dependencies.probes, Math.min(config.lifecycle.startupTimeoutMs, 5_000)),
      startedAt,
      reports: new ReportQueryService(),
      geo,
      heatmaps,
      // Shared by POST /reports and the ingestReport mutation; subscribers geolocate and drop heatmaps.
      ingestion: createIngestionService({ orm: dependencies.database.orm, geo, heatmaps, logger, config, quarantine }),
      quarantine,
      anomalies: new AnomalyModelService(logger),
      // The auth services fork `em` for every call; they never use the global context.
      auth: createAuthServices({ em, config, logger }),
    };
    warnAboutAuthConfig(config, logger);
    // Deny by default: every root field needs a rule in src/auth/permissions.ts.
    const schema = withPermissions(await buildGraphQLSchema());
    http = await createHttpServer({ schema, orm: dependencies.database.orm, services, logger });
    const address = await http.listen({ host: config.http.host, port: config.http.port });
    const url = address.replace('[::1]', 'localhost');
    logger.info({ url: `${url}/graphql`, startupMs: Date.now() - startedAt.getTime() }, 'dmarc-analytics is ready');

    const server = http;
    let stopping: Promise<void> | undefined;
    return {
      url,
      services,
      dependencies,
      stop: () => (stopping ??= stopAll(server, dependencies, logger)),
    };
  } catch (error) {
    await http?.close().catch(() => {});
    await dependencies.close().catch(() => {});
    throw error;
  }
}

async function prepareSchema(config: Config, dependencies: Dependencies, logger: Logger): Promise<void> {
  const { orm } = dependencies.database;
  if (config.database.migrateOnStart) {
    await applyPendingMigrations(orm, logger);
    return;
  }
  try {
    await requireMigrated(orm);
  } catch (error) {
    if (error instanceof DependencyUnavailableError) throw new StartupError([error]);
    throw error;
  }
}

async function stopAll(http: FastifyInstance, dependencies: Dependencies, logger: Logger): Promise<void> {
  const started = Date.now();
  // Closing fastify stops accepting, lets in-flight requests finish and, through Apollo's drain
  // plugins, closes every WebSocket.
  await step('http', () => http.close(), logger);
  await step('stores', () => dependencies.close(), logger);
  logger.info({ ms: Date.now() - started }, 'stopped');
}

async function step(name: string, action: () => Promise<unknown>, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    await action();
    logger.debug({ step: name, ms: Date.now() - started }, 'stop step done');
  } catch (error) {
    logger.error({ err: error, step: name }, 'error while stopping');
  }
}
