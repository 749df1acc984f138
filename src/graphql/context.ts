import type { AlertService } from '../alerts/alert-service.js';
import type { AnomalyModelService } from '../anomaly-detection/model-service.js';
import type { AuthServices } from '../auth/auth-services.js';
import type { Principal } from '../auth/principal.js';
import type { GeoHeatmapService } from '../analytics/heatmap/index.js';
import type { Config } from '../config/config.js';
import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { HealthService } from '../health/health-service.js';
import type { JobScheduler } from '../jobs/job-scheduler.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import type { EventBus } from '../pubsub/index.js';
import type { MailboxServices } from '../mailbox/mailbox-services.js';
import type { QuarantineStore } from '../quarantine/quarantine-store.js';
import type { ReportQueryService } from '../reports/report-query-service.js';
import type { DnsResolver } from '../dns/dns-resolver.js';
import type { SenderService } from '../senders/sender-service.js';
import type { SubscriptionHub } from '../subscriptions/subscription-hub.js';
import type { SubscriptionSink } from '../subscriptions/subscription-sink.js';
import type { WebhookService } from '../webhooks/index.js';

/**
 * Long-lived services the resolvers call, built by createServices (src/app/services.ts).
 *
 * Reaching the database, the one way: a service is given the ROOT EntityManager when it is built
 * and never takes one per call. Each method works on `this.em.fork()`: one fork per unit of
 * work (`fork().transactional(...)` when it writes several rows), raw SQL included
 * (`selectRows(this.em.fork(), ...)`, src/database/raw-sql.ts). So a resolver, a job, a CLI
 * command and a test call `services.x.method(args)` alike, and no identity map outlives an
 * operation. Resolvers never touch the database themselves; the GraphQL context has no `em`.
 */
export interface Services {
  readonly config: Config;
  readonly health: HealthService;
  readonly startedAt: Date;
  readonly reports: ReportQueryService;
  /** Geolocation through the geolocation_cache table. */
  readonly geo: CachedGeoLookup;
  readonly heatmaps: GeoHeatmapService;
  /** Stores uploaded reports; its onIngested subscribers geolocate them and drop stale heatmaps. */
  readonly ingestion: ReportIngestionService;
  /** Anomaly model training, deployment and detection, plus rule-based signals. */
  readonly anomalies: AnomalyModelService;
  /** Users, sessions and API keys; each call forks its own EntityManager. */
  readonly auth: AuthServices;
  /** The scheduled jobs (jobs/): their status, running one now, pausing; started by serve and worker. */
  readonly jobs: JobScheduler;
  /** Alerts raised from detection runs, their lifecycle and suppression rules; each call forks its own EntityManager. */
  readonly alerts: AlertService;
  /** In memory, or Redis pub/sub shared by every instance (REDIS_URL). */
  readonly events: EventBus;
  /** Fan-out of bus events to GraphQL subscriptions. */
  readonly subscriptions: SubscriptionHub;
  /** Outbound webhooks: endpoints, and signed deliveries of alerts to them with retries. */
  readonly webhooks: WebhookService;
  /** Refused files kept for download and re-ingestion. */
  readonly quarantine: QuarantineStore;
  /** IMAP ingestion (when IMAP_URL is set) and its counters. */
  readonly mailbox: MailboxServices;
  /** The one DNS resolver (DNS_SERVERS, DNS_TIMEOUT_MS, DNS_CONCURRENCY); `forMailauth()` for mailauth's checks. */
  readonly dns: DnsResolver;
  /** Named and classified senders per domain, approvals, the service map; background naming after ingestion. */
  readonly senders: SenderService;
}

/** Per-request GraphQL context. */
export interface GraphQLContext {
  readonly requestId: string;
  readonly logger: Logger;
  readonly services: Services;
  /** Who is calling; null for anonymous requests (which src/auth/permissions.ts refuses almost everywhere). */
  readonly principal: Principal | null;
  /** The caller's address, for security logs (failed logins). */
  readonly clientIp: string;
  /** Subscriptions over a transport that takes pre-serialized results (WebSocket): where they go. */
  readonly subscriptionSink?: SubscriptionSink;
}
