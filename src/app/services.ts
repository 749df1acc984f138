import type { AlertService } from '../alerts/alert-service.js';
import type { AnomalyModelService } from '../anomaly-detection/model-service.js';
import type { AuthServices } from '../auth/auth-services.js';
import type { Clock } from '../auth/clock.js';
import type { GeoHeatmapService } from '../analytics/heatmap/index.js';
import type { Config } from '../config/config.js';
import type { DnsResolver } from '../dns/dns-resolver.js';
import type { DomainEvents } from '../events/domain-events.js';
import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { HealthService } from '../health/health-service.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { MailboxServices } from '../mailbox/module.js';
import type { Metrics } from '../metrics/metrics.js';
import type { EventBus } from '../pubsub/index.js';
import type { QuarantineStore } from '../quarantine/quarantine-store.js';
import type { AlertEvidence } from '../failure-reports/alert-evidence.js';
import type { FailureReportQueryService } from '../failure-reports/failure-report-query-service.js';
import type { TlsFailureAlerts } from '../tls-reports/tls-failure-alerts.js';
import type { TlsReportQueryService } from '../tls-reports/tls-report-query-service.js';
import type { ReportQueryService } from '../reports/report-query-service.js';
import type { JobDefinition } from '../scheduler/job-definition.js';
import type { JobScheduler } from '../scheduler/job-scheduler.js';
import type { SenderService } from '../senders/sender-service.js';
import type { SubscriptionHub } from '../subscriptions/subscription-hub.js';
import type { WebhookService } from '../webhooks/index.js';

/**
 * Long-lived services the resolvers, jobs, CLI commands and tests call, built by
 * buildServiceGraph (src/app/composition-root.ts) from each concern's module.
 *
 * Reaching the database, the one way: a service is given the ROOT EntityManager when it is built
 * and never takes one per call. Each method works on `this.em.fork()`: one fork per unit of
 * work (`fork().transactional(...)` when it writes several rows), raw SQL included
 * (`selectRows(this.em.fork(), ...)`, src/database/raw-sql.ts). So a resolver, a job, a CLI
 * command and a test call `services.x.method(args)` alike, and no identity map outlives an
 * operation. Resolvers and jobs never touch the database themselves: neither the GraphQL context
 * nor a job's context has an `em`.
 */
export interface Services {
  readonly config: Config;
  /** The time the services read (src/auth/clock.ts); the transports read it too. */
  readonly clock: Clock;
  readonly health: HealthService;
  readonly startedAt: Date;
  readonly reports: ReportQueryService;
  /** Geolocation through the geolocation_cache table. */
  readonly geo: CachedGeoLookup;
  readonly heatmaps: GeoHeatmapService;
  /** Stores uploaded reports; each new one emits `reportIngested` (geolocated, stale heatmaps dropped). */
  readonly ingestion: ReportIngestionService;
  /** Anomaly model training, deployment and detection, plus rule-based signals. */
  readonly anomalies: AnomalyModelService;
  /** Users, sessions and API keys; each call forks its own EntityManager. */
  readonly auth: AuthServices;
  /** The scheduled jobs (jobs/): their status, running one now, pausing; started by serve and worker. */
  readonly jobs: JobScheduler<JobServices>;
  /** Alerts raised from detection runs, their lifecycle and suppression rules; each call forks its own EntityManager. */
  readonly alerts: AlertService;
  /** The in-process domain events; who reacts to each is src/app/reactions.ts. */
  readonly events: DomainEvents;
  /** Between instances: in memory, or Redis pub/sub shared by every instance (REDIS_URL). */
  readonly bus: EventBus;
  /** Fan-out of bus events to GraphQL subscriptions. */
  readonly subscriptions: SubscriptionHub;
  /** Outbound webhooks: endpoints, and signed deliveries of alerts to them with retries. */
  readonly webhooks: WebhookService;
  /** Refused files kept for download and re-ingestion. */
  readonly quarantine: QuarantineStore;
  /** Stored failure reports (personal data: ANALYST and ADMIN). */
  readonly failureReports: FailureReportQueryService;
  /** Failure samples linked to the alerts of their source IPs. */
  readonly alertEvidence: AlertEvidence;
  /** Stored SMTP TLS reports and each domain's TLS success. */
  readonly tlsReports: TlsReportQueryService;
  /** The TLS_FAILURES check of domains whose TLS sessions fail. */
  readonly tlsAlerts: TlsFailureAlerts;
  /** IMAP ingestion (when IMAP_URL is set) and its counters. */
  readonly mailbox: MailboxServices;
  /** The process's Prometheus metrics (GET /metrics, or METRICS_PORT). */
  readonly metrics: Metrics;
  /** The one DNS resolver (DNS_SERVERS, DNS_TIMEOUT_MS, DNS_CONCURRENCY); `forMailauth()` for mailauth's checks. */
  readonly dns: DnsResolver;
  /** Named and classified senders per domain, approvals, the service map; background naming after ingestion. */
  readonly senders: SenderService;
}

/** What a scheduled job may call: services only (no EntityManager, no transport). Widen it when a new job needs another. */
export type JobServices = Pick<Services, 'config' | 'anomalies' | 'geo' | 'heatmaps' | 'webhooks' | 'mailbox' | 'auth' | 'jobs' | 'senders'>;

/** A scheduled job of jobs/ (one file each, listed in jobs/index.ts). */
export type Job = JobDefinition<JobServices>;
