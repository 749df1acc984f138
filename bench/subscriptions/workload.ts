import { readFileSync } from 'node:fs';
import type { AnomalyKind } from '../../src/anomaly-detection/anomaly-views.js';
import { alertMatchesFilter, type AlertEventFilter } from '../../src/alerts/index.js';

/**
 * The workload both servers serve, made the same way in every process: 100 alerts of one
 * detection run spread over domains, kinds, scores and countries, and a mix of subscriber filters.
 */
export const ALERTS_PER_RUN = 100;
/** WebSockets per API key: GRAPHQL_WS_MAX_CONNECTIONS_PER_PRINCIPAL keeps its default of 10. */
export const CONNECTIONS_PER_KEY = 10;
export const DOMAINS = Array.from({ length: 10 }, (_, i) => `d${i}.example`);
export const KINDS: readonly AnomalyKind[] = ['MODEL', 'NEW_SENDING_IP', 'NEW_COUNTRY', 'VOLUME_SPIKE', 'PASS_RATE_DROP'];
export const COUNTRIES = ['DE', 'US', 'FR', 'NL', 'BR', 'CN', 'RU', 'IN'];

/** What a subscriber selects; the same selection for every subscriber, as dashboards send. */
export const SELECTION = 'id kind score sourceIp domains geolocation { countryCode } createdAt';
export const SUBSCRIPTION = `subscription ($filter: AlertEventFilter) { alertRaised(filter: $filter) { ${SELECTION} } }`;

/**
 * The broadcast subscription (one alert to every subscriber): no filter, and the alert's id and
 * `createdAt`, which the broadcasting server sets to the moment it publishes the alert, so each
 * delivery carries its own send time and its latency is measured per delivery, by the receiver.
 */
export const BROADCAST_SUBSCRIPTION = 'subscription Broadcast { alertRaised { id createdAt } }';

/** The wire fields of an alert a subscriber receives, and when it was published (epoch ms, sub-ms precision). */
export interface PublishedAlert {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly score: number;
  readonly domains: readonly string[];
  readonly countryCode: string | null;
  readonly publishedAt: number;
}

/** The i-th alert of a run (0-based): its domain, kind, score, country and source IP. */
export function alertSpec(i: number): { domain: string; kind: AnomalyKind; score: number; countryCode: string; sourceIp: string } {
  return {
    domain: DOMAINS[i % DOMAINS.length]!,
    kind: KINDS[i % KINDS.length]!,
    // 0.00 .. 0.99, each value once: a fifth of the alerts have at least 0.8.
    score: ((i * 37) % 100) / 100,
    countryCode: COUNTRIES[i % COUNTRIES.length]!,
    sourceIp: `198.51.100.${i + 1}`,
  };
}

/**
 * Subscriber j's filter: a quarter with none (every alert), a quarter by domain (10 alerts), a
 * quarter by minimum score (20), a quarter by kind and country (2 or 3). About 33 alerts each.
 */
export function subscriberFilter(j: number): AlertEventFilter | null {
  switch (j % 4) {
    case 0: return null;
    case 1: return { domains: [DOMAINS[Math.floor(j / 4) % DOMAINS.length]!] };
    case 2: return { minScore: 0.8 };
    default: return { kinds: [KINDS[Math.floor(j / 4) % KINDS.length]!], countries: [COUNTRIES[Math.floor(j / 4) % COUNTRIES.length]!] };
  }
}

export function expectedAlerts(filter: AlertEventFilter | null, alerts: readonly PublishedAlert[]): PublishedAlert[] {
  return alerts.filter((alert) => alertMatchesFilter(filter, alert));
}

/**
 * A server's answer to `memory`: RSS and heap after two full collections (run with --expose-gc),
 * and where the RSS is: V8's committed heap, memory outside it (Buffers), and the anonymous part
 * of the RSS (/proc/self/status RssAnon; the rest is mapped files), to tell a leak of objects
 * (heapUsed grows) from memory V8 or the allocator keeps after a peak (heapTotal, RssAnon stay up).
 */
export function memoryReply(): Extract<ServerReply, { type: 'memory' }> {
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, rssAnon: rssAnon() };
}

function rssAnon(): number | null {
  try {
    const kb = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes of one machine. */
/** CPU time (user + system) this process has used so far, in ms: the work a run costs, whatever else runs on the machine. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

// Messages between the runner and its child processes.
export type ServerCommand =
  | { readonly type: 'memory' }
  | { readonly type: 'cpu' }
  | { readonly type: 'raise' }
  /** Publish one alert to every subscriber, its `createdAt` the moment of publication. */
  | { readonly type: 'broadcast' }
  | { readonly type: 'stop' };
export type ServerReply =
  | { readonly type: 'ready'; readonly url: string; readonly apiKeys: readonly string[]; readonly subscriptions: boolean }
  | { readonly type: 'cpu'; readonly cpuMs: number }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly heapTotal: number; readonly external: number; readonly rssAnon: number | null }
  /** `startedAt`: when the run's alert step began (the anomalies were handed over), as preciseNow(). */
  | { readonly type: 'raised'; readonly alerts: readonly PublishedAlert[]; readonly runMs: number; readonly startedAt: number }
  | { readonly type: 'broadcasted'; readonly id: string };

export interface ClientSetup {
  readonly url: string;
  /** Subscriber numbers first .. first + count - 1 (they choose the filter). */
  readonly first: number;
  readonly count: number;
  /** Credentials for connection_init, used round-robin; empty for the bare server. */
  readonly apiKeys: readonly string[];
  /** Send the filter variable (our server) or not (the bare server has none). */
  readonly withFilter: boolean;
  /** Subscribe after authenticating; false where the server has no subscriptions (connections only). */
  readonly subscribe: boolean;
  /** `broadcast`: every subscriber runs BROADCAST_SUBSCRIPTION and is connected step by step (connectUpTo). */
  readonly mode?: 'burst' | 'broadcast';
}
export type ClientCommand =
  | { readonly type: 'connect' }
  | { readonly type: 'collect'; readonly alerts: readonly PublishedAlert[]; readonly timeoutMs: number }
  | { readonly type: 'disconnect' }
  | { readonly type: 'churn'; readonly cycles: number; readonly concurrency: number }
  /** Connect this process's subscribers until `count` of them are connected. */
  | { readonly type: 'connectUpTo'; readonly count: number }
  /** Wait for the broadcasts `ids` at every connected subscriber; latencies from each delivery's own send time. */
  | { readonly type: 'collectBroadcast'; readonly ids: readonly string[]; readonly timeoutMs: number };
export type ClientReply =
  | { readonly type: 'connected'; readonly connected: number; readonly failed: number; readonly errors: readonly string[] }
  /** `cpuMs`: CPU this client used from the end of its connect to the end of the collection (receiving and checking the deliveries). */
  | { readonly type: 'collected'; readonly latencies: readonly number[]; readonly lastArrivalAt: number; readonly cpuMs: number; readonly expected: number; readonly missing: number; readonly duplicates: number; readonly unexpected: number }
  | { readonly type: 'disconnected' }
  | { readonly type: 'churned'; readonly cycles: number; readonly failed: number; readonly errors: readonly string[] }
  | { readonly type: 'broadcastCollected'; readonly latencies: readonly number[]; readonly missing: number };
