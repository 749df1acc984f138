import { createLiveServices } from '../alerts/index.js';
import { AnomalyModelService } from '../anomaly-detection/model-service.js';
import { createAuthServices } from '../auth/auth-services.js';
import type { Config } from '../config/config.js';
import type { Services } from '../graphql/context.js';
import { HealthService } from '../health/health-service.js';
import type { Logger } from '../logging/logger.js';
import { createMailboxServices } from '../mailbox/mailbox-services.js';
import { ReportQueryService } from '../reports/report-query-service.js';
import { WebhookService } from '../webhooks/index.js';
import { jobDefinitions } from '../../jobs/index.js';
import { JobScheduler } from '../jobs/job-scheduler.js';
import { openJobStore } from '../jobs/job-store.js';
import { RunLedger } from '../jobs/run-ledger.js';
import type { Dependencies } from './dependencies.js';
import { createGeoServices, createIngestionService, createQuarantineStore } from './ingestion-wiring.js';
import { createSenderServices, nameSendersAfterIngestion } from './senders-wiring.js';

/** What the service graph is built from: the opened stores (see openDependencies). */
export type ServiceDependencies = Pick<Dependencies, 'database' | 'mongo' | 'events' | 'geolocation' | 'probes'>;

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
  const anomalies = new AnomalyModelService(em, logger);
  const auth = createAuthServices({ em, config, logger });
  const { events } = dependencies;
  const { dns, senders } = createSenderServices({ em, config, logger });
  // Alerts after every detection run (in any process: a worker's reach every instance through
  // the bus); subscriptions fed by the bus.
  const live = createLiveServices({ em, config, bus: events, anomalies, credentialEvents: auth.events, senders, logger });
  // Each alert raised or changed by this process is delivered to the matching webhooks once.
  const webhooks = new WebhookService({ em, logger, settings: config.webhooks });
  live.alerts.onRaised((alerts) => webhooks.enqueueMany(alerts, 'alert.raised').then(() => undefined));
  live.alerts.onUpdated((alerts) => webhooks.enqueueMany(alerts, 'alert.updated').then(() => undefined));
  const quarantine = createQuarantineStore({ orm, config, logger });
  const ingestion = createIngestionService({ orm, geo, heatmaps, logger, config, quarantine });
  nameSendersAfterIngestion(ingestion, senders);
  // The jobs call the services they belong to: the scheduler reaches them once they exist.
  const jobs = new JobScheduler({
    definitions: jobDefinitions,
    config,
    store: openJobStore({ mongo: dependencies.mongo, postgresUrl: config.database.url ?? dependencies.database.embedded?.url, logger }),
    // A run whose heartbeat is older than 2/3 of the lock lifetime is dead by the time its lock expires.
    ledger: new RunLedger(em, Math.floor((config.jobs.lockLifetimeMs * 2) / 3)),
    em,
    logger,
    services: () => services,
  });
  const probes = [...dependencies.probes, { name: 'jobs', required: false, check: () => jobs.check() }];
  const services: Services = {
    config,
    health: new HealthService(probes, Math.min(config.lifecycle.startupTimeoutMs, 5_000), config.lifecycle.readinessCacheMs),
    startedAt: new Date(),
    reports: new ReportQueryService(em),
    geo,
    heatmaps,
    // Shared by POST /reports, the ingestReport mutation, the mailbox and `dmarc-analytics ingest`;
    // its subscribers geolocate new addresses and drop the domain's heatmaps; refused files go to
    // the quarantine.
    ingestion,
    quarantine,
    mailbox: createMailboxServices({ em, config, ingestion, quarantine, logger }),
    anomalies,
    auth,
    events,
    ...live,
    webhooks,
    jobs,
    dns,
    senders,
  };
  return services;
}
