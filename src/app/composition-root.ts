import { jobDefinitions } from '../../jobs/index.js';
import { alertsModule } from '../alerts/module.js';
import { analyticsModule } from '../analytics/module.js';
import { anomalyDetectionModule } from '../anomaly-detection/module.js';
import { systemClock, type Clock } from '../auth/clock.js';
import { authModule } from '../auth/module.js';
import type { Config } from '../config/config.js';
import { dnsModule } from '../dns/module.js';
import { DomainEvents } from '../events/domain-events.js';
import { geolocationModule } from '../geolocation/module.js';
import { healthModule } from '../health/module.js';
import { failureReportsModule } from '../failure-reports/module.js';
import { ingestionModule } from '../ingestion/module.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import type { Logger } from '../logging/logger.js';
import { mailboxModule } from '../mailbox/module.js';
import { metricsModule } from '../metrics/module.js';
import { quarantineModule } from '../quarantine/module.js';
import { reportsModule } from '../reports/module.js';
import { schedulerModule } from '../scheduler/module.js';
import { sendersModule } from '../senders/module.js';
import { subscriptionsModule } from '../subscriptions/module.js';
import { tlsReportsModule } from '../tls-reports/module.js';
import { webhooksModule } from '../webhooks/module.js';
import type { Dependencies } from './dependencies.js';
import { busDecoders, registerReactions } from './reactions.js';
import type { JobServices, Services } from './services.js';

/** What the service graph is built from: the opened stores (see openDependencies). */
export type ServiceDependencies = Pick<Dependencies, 'database' | 'mongo' | 'bus' | 'geolocation' | 'probes'>;

export interface ServiceGraph {
  readonly services: Services;
  /**
   * The concerns in start order: `startModules` starts them (the API opens after them),
   * `stopModules` stops them in reverse (after the API closes, before the stores close).
   */
  readonly modules: readonly ConcernModule[];
}

/**
 * The one composition root: the whole service graph, built one way for every entry point
 * (`serve`, `worker`, the CLI commands, the benchmarks and the tests), each concern from its own
 * module (src/<concern>/module.ts), then the reactions between them (./reactions.ts). Building
 * opens nothing, starts nothing and listens on nothing (like building a fastify instance before
 * `listen`): the dependencies are opened by the caller, which also closes them.
 */
export function buildServiceGraph(config: Config, dependencies: ServiceDependencies, logger: Logger, options: { clock?: Clock } = {}): ServiceGraph {
  const clock = options.clock ?? systemClock;
  const context: ConcernContext = { config, em: dependencies.database.orm.em, logger, events: new DomainEvents(logger), clock };
  const { bus } = dependencies;

  const metrics = metricsModule(context);
  const geolocation = geolocationModule(context, dependencies.geolocation);
  const analytics = analyticsModule(context, geolocation.provides.geo);
  const quarantine = quarantineModule(context);
  const ingestion = ingestionModule(context, quarantine.provides.quarantine);
  const reports = reportsModule(context);
  const anomalies = anomalyDetectionModule(context);
  const auth = authModule(context);
  const dns = dnsModule(context);
  // Naming runs in ingestion's pauses, so a bulk load is stored at full speed.
  const senders = sendersModule(context, dns.provides.dns, { ingestionBusy: () => ingestion.provides.ingestion.inProgress > 0 });
  // Alerts name their sources' senders; an approval moves their severity.
  const alerts = alertsModule(context, senders.provides.senders);
  const failureReports = failureReportsModule(context, geolocation.provides.geo);
  const tlsReports = tlsReportsModule(context, alerts.provides.alerts);
  const subscriptions = subscriptionsModule(context, bus, busDecoders);
  const webhooks = webhooksModule(context);
  const mailbox = mailboxModule(context, { ...ingestion.provides, ...quarantine.provides });
  // The jobs call the services they belong to: the scheduler reaches them once they exist.
  const scheduler = schedulerModule<JobServices>(context, {
    definitions: jobDefinitions,
    mongo: dependencies.mongo,
    postgresUrl: config.database.url ?? dependencies.database.embedded?.url,
    services: () => services,
  });
  // In start order; what has nothing to start or stop may sit anywhere. DNS after senders: it stops
  // first, cancelling the lookups under way, so background naming ends at once.
  const concerns = [metrics, geolocation, analytics, quarantine, ingestion, reports, anomalies, auth, senders, dns, alerts, failureReports, tlsReports, subscriptions, webhooks, mailbox, scheduler];
  const health = healthModule(context, [...dependencies.probes, ...concerns.flatMap((module) => module.probes ?? [])]);

  const services: Services = {
    config,
    clock,
    startedAt: new Date(),
    events: context.events,
    bus,
    ...metrics.provides,
    ...geolocation.provides,
    ...analytics.provides,
    ...quarantine.provides,
    ...ingestion.provides,
    ...reports.provides,
    ...anomalies.provides,
    ...auth.provides,
    ...dns.provides,
    ...senders.provides,
    ...alerts.provides,
    ...failureReports.provides,
    ...tlsReports.provides,
    ...subscriptions.provides,
    ...webhooks.provides,
    ...mailbox.provides,
    ...scheduler.provides,
    ...health.provides,
  };
  registerReactions(context.events, services, bus, logger);
  watchForMetrics(services);
  return { services, modules: [...concerns, health] };
}

/** What the metrics read when Prometheus scrapes: counters of the hot paths, and rows every instance shares. */
function watchForMetrics(services: Services): void {
  const { metrics } = services;
  metrics.watchCache('geoip', () => services.geo.cacheCounters());
  metrics.readFrom({
    subscriptions: () => services.subscriptions.stats(),
    jobNames: services.jobs.definitions.map((definition) => definition.name),
    jobSuccesses: () => services.jobs.lastSuccesses(),
    jobsRunning: () => services.jobs.runningNow(),
    alertCounts: () => services.alerts.countsByKind(),
    deployedModel: () => services.anomalies.deployed(),
  });
}
