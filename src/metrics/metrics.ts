import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertView } from '../alerts/alert-views.js';
import { isErrorCode } from '../errors/error-codes.js';
import type { FileIngestedEvent } from '../ingestion/storage/ingestion-result.js';
import type { JobRunFinished } from '../scheduler/job-runner.js';
import { serviceVersion } from '../version.js';
import { BoundedLabel } from './bounded-label.js';

/** Distinct GraphQL operation names that keep a series of their own; later ones share "(other)". */
export const MAX_OPERATION_NAMES = 100;

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const INGEST_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300];
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600];

/** Where a cache counts its hits and misses (GeoIP now; the DNS naming cache registers itself the same way). */
export type CacheCounters = () => { readonly hits: number; readonly misses: number };

/** What is read when Prometheus scrapes: figures kept elsewhere (counters of the hot paths, rows). */
export interface ScrapeSources {
  /** Per topic: subscribers and groups now, deliveries so far (plain numbers the fan-out counts). */
  readonly subscriptions?: () => readonly { readonly topic: string; readonly subscribers: number; readonly groups: number; readonly delivered: number }[];
  /** When each job last succeeded, on any worker (the run ledger). */
  readonly jobSuccesses?: () => Promise<ReadonlyMap<string, Date>>;
  /** Jobs running now, on any worker. */
  readonly jobsRunning?: () => Promise<ReadonlySet<string>>;
  /** Every job's name, so a job that never ran or is idle shows as such. */
  readonly jobNames?: readonly string[];
  readonly alertCounts?: () => Promise<readonly { readonly kind: string; readonly state: string; readonly count: number }[]>;
  /** The deployed model's creation time; null when none is deployed. */
  readonly deployedModel?: () => Promise<{ readonly id: string; readonly createdAt: Date } | null>;
}

/**
 * Every metric of the process, in Prometheus' text format (prom-client), on a registry of its own
 * (one per service graph, so tests may build several in one process).
 *
 * How each is fed, cheapest first:
 * - hot paths count plain numbers that are read at scrape time (subscription deliveries: one
 *   addition per group and result, never a label lookup per frame; cache hits and misses);
 * - domain events (src/app/reactions.ts) for what the service already announces: files ingested,
 *   job runs, alerts raised and changed;
 * - the transports call the record* methods for requests and operations (labels bound per call,
 *   with client-chosen operation names bounded by BoundedLabel);
 * - figures that live in PostgreSQL (alerts by kind and state, jobs' last success, the deployed
 *   model's age) are read once per scrape, so every instance answers the same whoever did the work.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #operationNames = new BoundedLabel(MAX_OPERATION_NAMES);
  readonly #caches = new Map<string, CacheCounters>();
  #sources: ScrapeSources = {};

  readonly #http: Histogram<'method' | 'route' | 'status'>;
  readonly #graphql: Histogram<'transport' | 'type' | 'operation' | 'outcome'>;
  readonly #wsConnections: Gauge;
  readonly #wsOpened: Counter;
  readonly #slowConsumers: Counter;
  readonly #filesIngested: Counter<'channel' | 'outcome'>;
  readonly #reportsIngested: Counter<'channel' | 'kind' | 'status'>;
  readonly #recordsIngested: Counter<'channel'>;
  readonly #refusals: Counter<'channel' | 'code'>;
  readonly #bytesIngested: Counter<'channel'>;
  readonly #ingestDuration: Histogram<'channel'>;
  readonly #jobRuns: Histogram<'job_name' | 'outcome'>;
  readonly #alertsRaised: Counter<'kind' | 'state'>;
  readonly #alertChanges: Counter<'kind' | 'state'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({ name: 'dmarc_build_info', help: 'The running version (always 1).', labelNames: ['version'], registers }).set({ version: serviceVersion }, 1);

    this.#http = new Histogram({ name: 'dmarc_http_request_duration_seconds', help: 'HTTP requests by method, route (the route pattern, not the URL) and status class, with their duration.', labelNames: ['method', 'route', 'status'], buckets: REQUEST_BUCKETS, registers });
    this.#graphql = new Histogram({ name: 'dmarc_graphql_operation_duration_seconds', help: 'GraphQL operations by transport, type, operation name (the first 100 distinct names; later ones "(other)") and outcome ("ok" or the first error code), with their duration; a subscription counts when it starts.', labelNames: ['transport', 'type', 'operation', 'outcome'], buckets: REQUEST_BUCKETS, registers });

    this.#wsConnections = new Gauge({ name: 'dmarc_websocket_connections', help: 'WebSocket connections open now.', registers });
    this.#wsOpened = new Counter({ name: 'dmarc_websocket_connections_opened_total', help: 'WebSocket connections opened (upgrades admitted).', registers });
    this.#slowConsumers = new Counter({ name: 'dmarc_websocket_slow_consumers_closed_total', help: 'WebSockets closed because the client did not read what it was sent (GRAPHQL_WS_MAX_BUFFERED_BYTES, close code 1013).', registers });
    const sources = () => this.#sources;
    new Gauge({
      name: 'dmarc_subscriptions', help: 'GraphQL subscriptions running now, by topic.', labelNames: ['topic'], registers,
      collect() { for (const t of sources().subscriptions?.() ?? []) this.set({ topic: t.topic }, t.subscribers); },
    });
    new Gauge({
      name: 'dmarc_subscription_groups', help: 'Groups of identical subscriptions now (one execution per event each), by topic.', labelNames: ['topic'], registers,
      collect() { for (const t of sources().subscriptions?.() ?? []) this.set({ topic: t.topic }, t.groups); },
    });
    monotonic(new Counter({ name: 'dmarc_subscription_deliveries_total', help: 'Subscription results handed to subscribers (one per subscriber and event), by topic.', labelNames: ['topic'], registers }), () =>
      (sources().subscriptions?.() ?? []).map((t) => [{ topic: t.topic }, t.delivered]));

    this.#filesIngested = new Counter({ name: 'dmarc_ingest_files_total', help: 'Report files received, by channel (http, graphql, cli, imap) and outcome (stored: at least one new report of any kind; duplicate; refused).', labelNames: ['channel', 'outcome'], registers });
    this.#reportsIngested = new Counter({ name: 'dmarc_ingest_reports_total', help: 'Reports read from received files, by channel, kind (aggregate, failure, tls) and status (ingested, duplicate).', labelNames: ['channel', 'kind', 'status'], registers });
    this.#recordsIngested = new Counter({ name: 'dmarc_ingest_records_total', help: 'Records of aggregate reports stored (new reports only), by channel.', labelNames: ['channel'], registers });
    this.#refusals = new Counter({ name: 'dmarc_ingest_refusals_total', help: 'Files refused, by channel and refusal code (docs/errors.md).', labelNames: ['channel', 'code'], registers });
    this.#bytesIngested = new Counter({ name: 'dmarc_ingest_bytes_total', help: 'Bytes of received files as sent (compressed when they came so), by channel.', labelNames: ['channel'], registers });
    this.#ingestDuration = new Histogram({ name: 'dmarc_ingest_file_duration_seconds', help: 'Time to read and store one received file, by channel.', labelNames: ['channel'], buckets: INGEST_BUCKETS, registers });

    this.#jobRuns = new Histogram({ name: 'dmarc_job_run_duration_seconds', help: 'Job runs in this process by job name and outcome (SUCCEEDED, FAILED, SKIPPED: its slot was done already), with their duration.', labelNames: ['job_name', 'outcome'], buckets: JOB_BUCKETS, registers });
    new Gauge({
      name: 'dmarc_job_last_success_timestamp_seconds', help: 'When each job last succeeded, on any worker (0: never), by job name; from the run ledger, the same on every instance.', labelNames: ['job_name'], registers,
      async collect() {
        const { jobSuccesses, jobNames = [] } = sources();
        if (!jobSuccesses) return;
        const successes = await unlessUnavailable(jobSuccesses());
        this.reset();
        if (!successes) return;
        for (const job of new Set([...jobNames, ...successes.keys()])) this.set({ job_name: job }, (successes.get(job)?.getTime() ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'dmarc_jobs_running', help: 'Whether each job is running now on some worker (1) or not (0), by job name.', labelNames: ['job_name'], registers,
      async collect() {
        const { jobsRunning, jobNames = [] } = sources();
        if (!jobsRunning) return;
        const running = await unlessUnavailable(jobsRunning());
        this.reset();
        if (!running) return;
        for (const job of new Set([...jobNames, ...running])) this.set({ job_name: job }, running.has(job) ? 1 : 0);
      },
    });

    this.#alertsRaised = new Counter({ name: 'dmarc_alerts_raised_total', help: 'Alerts raised by this process, by kind and the state they were raised in (OPEN; SUPPRESSED by a rule).', labelNames: ['kind', 'state'], registers });
    this.#alertChanges = new Counter({ name: 'dmarc_alert_state_changes_total', help: 'Alert state changes made through this process, by kind and new state.', labelNames: ['kind', 'state'], registers });
    new Gauge({
      name: 'dmarc_alerts', help: 'Alerts stored, by kind and state.', labelNames: ['kind', 'state'], registers,
      async collect() {
        const counts = await unlessUnavailable(sources().alertCounts?.());
        this.reset();
        for (const row of counts ?? []) this.set({ kind: row.kind, state: row.state }, row.count);
      },
    });
    new Gauge({
      name: 'dmarc_model_age_seconds', help: 'Age of the deployed anomaly model (since it was trained), by model id; absent while none is deployed.', labelNames: ['model'], registers,
      async collect() {
        const model = await unlessUnavailable(sources().deployedModel?.());
        this.reset();
        if (model) this.set({ model: model.id }, (Date.now() - model.createdAt.getTime()) / 1000);
      },
    });
    const caches = this.#caches;
    monotonic(new Counter({ name: 'dmarc_cache_lookups_total', help: 'Lookups of the caches (geoip: the geolocation cache; dns: the sender naming cache) by result (hit, miss).', labelNames: ['cache', 'result'], registers }), () =>
      [...caches].flatMap(([cache, counters]) => {
        const { hits, misses } = counters();
        return [[{ cache, result: 'hit' }, hits], [{ cache, result: 'miss' }, misses]] as const;
      }));
  }

  /** The figures read at scrape time (set once the service graph exists). */
  readFrom(sources: ScrapeSources): void {
    this.#sources = sources;
  }

  /** A cache whose hit rate the metrics show (`dmarc_cache_lookups_total{cache}`). */
  watchCache(cache: string, counters: CacheCounters): void {
    this.#caches.set(cache, counters);
  }

  recordHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.#http.observe({ method, route, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
  }

  /** One GraphQL operation; `errors` are those of its answer (codes in extensions.code). */
  recordOperation(operation: { transport: 'http' | 'ws'; type: string | undefined; name: string | null | undefined; errors: readonly AnsweredError[] | undefined; seconds: number }): void {
    this.#graphql.observe({ transport: operation.transport, type: operation.type ?? 'unknown', operation: this.#operationNames.of(operation.name), outcome: outcomeOf(operation.errors) }, operation.seconds);
  }

  websocketOpened(): void {
    this.#wsOpened.inc();
    this.#wsConnections.inc();
  }

  websocketClosed(): void {
    this.#wsConnections.dec();
  }

  slowConsumerClosed(): void {
    this.#slowConsumers.inc();
  }

  fileIngested({ channel, bytes, durationMs, result }: FileIngestedEvent): void {
    const kinds = [['aggregate', result.reports], ['failure', result.failureReports], ['tls', result.tlsReports]] as const;
    let newReports = 0;
    for (const [kind, reports] of kinds) {
      const ingested = reports.filter((r) => r.status === 'ingested').length;
      newReports += ingested;
      if (ingested > 0) this.#reportsIngested.inc({ channel, kind, status: 'ingested' }, ingested);
      if (reports.length > ingested) this.#reportsIngested.inc({ channel, kind, status: 'duplicate' }, reports.length - ingested);
    }
    const outcome = result.error ? 'refused' : newReports > 0 ? 'stored' : 'duplicate';
    this.#filesIngested.inc({ channel, outcome });
    this.#bytesIngested.inc({ channel }, bytes);
    this.#ingestDuration.observe({ channel }, durationMs / 1000);
    const records = result.reports.reduce((sum, r) => sum + (r.status === 'ingested' ? r.records : 0), 0);
    if (records > 0) this.#recordsIngested.inc({ channel }, records);
    if (result.error) this.#refusals.inc({ channel, code: result.error.code });
  }

  jobRunFinished({ job, outcome, durationMs }: JobRunFinished): void {
    this.#jobRuns.observe({ job_name: job, outcome }, durationMs / 1000);
  }

  alertsRaised(alerts: readonly AlertView[]): void {
    for (const alert of alerts) this.#alertsRaised.inc({ kind: alert.kind, state: alert.state });
  }

  alertsUpdated(alerts: readonly AlertView[]): void {
    for (const alert of alerts) this.#alertChanges.inc({ kind: alert.kind, state: alert.state });
  }

  /** The text Prometheus scrapes. A figure that cannot be read now (the database is down) is left out, never the whole answer. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A figure read from the database: undefined while it cannot be read, so the scrape still answers with the rest. */
async function unlessUnavailable<T>(reading: Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await reading;
  } catch {
    return undefined;
  }
}

/** An error of an answer: formatted (HTTP: the code in extensions) or as execution left it (WebSocket: the code may be on the error it wraps). */
type AnsweredError = { readonly extensions?: Readonly<Record<string, unknown>>; readonly originalError?: unknown };

/** "ok", or the first error's code when it is one of ours (a bounded set), else "error". */
function outcomeOf(errors: readonly AnsweredError[] | undefined): string {
  if (!errors || errors.length === 0) return 'ok';
  const [first] = errors;
  const code = first!.extensions?.code ?? (first!.originalError as { code?: unknown } | undefined)?.code;
  return isErrorCode(code) ? code : 'error';
}

/**
 * A counter whose totals are kept elsewhere as plain numbers (a hot path's), brought up to date at
 * each scrape by adding what grew since the last one.
 */
function monotonic<L extends string>(counter: Counter<L>, totals: () => readonly (readonly [Partial<Record<L, string>>, number])[]): void {
  const seen = new Map<string, number>();
  const collect = () => {
    for (const [labels, total] of totals()) {
      const key = JSON.stringify(labels);
      const grew = total - (seen.get(key) ?? 0);
      if (grew > 0) counter.inc(labels, grew);
      seen.set(key, total);
    }
  };
  (counter as unknown as { collect?: () => void }).collect = collect;
}
