import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import { BadUserInputError } from '../../errors/app-error.js';
import type { CachedGeoLookup } from '../../geolocation/cache/index.js';
import type { Logger } from '../../logging/logger.js';
import { AnalyticsCacheStore } from '../analytics-cache-store.js';
import { MemoryLru } from '../../caching/memory-lru.js';
import { heatmapFromRows } from './heatmap-rows.js';
import { heatmapAggregateSql, recentDomainsSql, recordFilter, topSendersSql, uncachedIpsSql, type HeatmapAggregateRow, type TopSenderRow } from './heatmap-sql.js';
import type { Disposition, GeoHeatmap, GeoHeatmapData, HeatmapQuery, TopSender } from './heatmap-types.js';
import { requireIntegerBetween } from '../../validation/arguments.js';

export interface HeatmapServiceOptions {
  /** A long-lived EntityManager (the ORM's root one): only its connection is used. */
  readonly em: EntityManager;
  readonly geo: CachedGeoLookup;
  readonly logger: Logger;
  /** How long a computed heatmap is served from analytics_cache (default 24 h). */
  readonly ttlMs?: number;
  /**
   * How long this process serves a heatmap from memory before reading analytics_cache again
   * (default 30 s). Bounds how stale an answer can be after another instance (or a CLI job)
   * invalidated or regenerated it: this instance's own invalidations drop the memory copy at once.
   */
  readonly memoryTtlMs?: number;
}

export const HEATMAP_CACHE_KIND = 'geo-heatmap';
export const MAX_HEATMAP_DAYS = 3_650;
const MAX_TOP_SENDERS = 100;
/** The windows pregenerateCommonHeatmaps computes for every domain. */
export const COMMON_HEATMAP_DAYS = [7, 30, 90] as const;
const DEFAULT_TTL_MS = 24 * 3_600_000;
const DEFAULT_MEMORY_TTL_MS = 30_000;
/** The common heatmaps of ~20 domains (3 windows each); an all-domain one with its points is ~1 MB. */
const MEMORY_ENTRIES = 64;
const DISPOSITIONS: readonly Disposition[] = ['none', 'quarantine', 'reject'];

/**
 * Where mail comes from, per country and per map point, over a window of days. Every covered
 * address is geolocated (through the cache) before the SQL aggregate runs, so the totals are
 * right to the message; answers are kept in analytics_cache until an ingest for their domain.
 * The analytics_cache row is the source of truth shared by every instance; a copy in process
 * memory serves repeated requests without a round trip (up to `memoryTtlMs` stale elsewhere).
 */
export class GeoHeatmapService {
  private readonly store: AnalyticsCacheStore;
  private readonly ttlMs: number;
  private readonly memory: MemoryLru<CachedHeatmap>;

  constructor(private readonly options: HeatmapServiceOptions) {
    this.store = new AnalyticsCacheStore(options.em);
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.memory = new MemoryLru(MEMORY_ENTRIES, options.memoryTtlMs ?? DEFAULT_MEMORY_TTL_MS);
  }

  /** BadUserInputError for days outside 1..3650, an empty domain or an unknown disposition. */
  async heatmap(input: { days?: number | null; domain?: string | null; disposition?: string | null }): Promise<GeoHeatmap> {
    const query = heatmapQuery(input);
    const key = cacheKey(query);
    let cached = this.memory.get(key);
    if (cached === undefined) {
      const stored = await this.store.get<GeoHeatmapData>(key);
      if (stored) {
        cached = { data: stored.payload, computedAt: stored.computedAt };
        this.memory.set(key, cached, query.domain, stored.computedAt.getTime() + this.ttlMs - Date.now());
      }
    }
    if (cached) return { ...cached.data, generatedAt: cached.computedAt, fromCache: true };
    return this.generate(query);
  }

  /** Computes and stores the heatmap regardless of what the cache holds. */
  async generate(query: HeatmapQuery): Promise<GeoHeatmap> {
    const generatedAt = new Date();
    const { where, params } = recordFilter(query);
    const uncached = await selectRows<{ ip: string }>(this.options.em.fork(), uncachedIpsSql(where), params);
    if (uncached.length > 0) await this.options.geo.geolocateNewIps(uncached.map((row) => row.ip));
    const rows = await selectRows<HeatmapAggregateRow>(this.options.em.fork(), heatmapAggregateSql(where), params);
    const data = heatmapFromRows(query, rows);
    const key = cacheKey(query);
    await this.store.put({ key, kind: HEATMAP_CACHE_KIND, domain: query.domain, payload: data, computedAt: generatedAt, ttlMs: this.ttlMs });
    this.memory.set(key, { data, computedAt: generatedAt }, query.domain);
    return { ...data, generatedAt, fromCache: false };
  }

  /**
   * The source addresses of one country with the most messages over the window: what a person
   * clicking a country on the map wants to see next. Not cached; addresses not yet geolocated
   * are looked up first, as for the heatmap.
   */
  async topSenders(input: { countryCode: string; days?: number | null; domain?: string | null; limit?: number | null }): Promise<TopSender[]> {
    const countryCode = input.countryCode.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(countryCode)) throw new BadUserInputError('countryCode must be an ISO 3166-1 alpha-2 code, e.g. "DE"');
    const limit = input.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TOP_SENDERS) throw new BadUserInputError(`limit must be an integer from 1 to ${MAX_TOP_SENDERS}`);
    const query = heatmapQuery({ days: input.days, domain: input.domain });
    const { where, params } = recordFilter(query);
    const uncached = await selectRows<{ ip: string }>(this.options.em, uncachedIpsSql(where), params);
    if (uncached.length > 0) await this.options.geo.geolocateNewIps(uncached.map((row) => row.ip));
    const rows = await selectRows<TopSenderRow>(this.options.em, topSendersSql(where, params.length + 1, params.length + 2), [...params, countryCode, limit]);
    return rows.map((row) => ({
      sourceIp: row.source_ip,
      messages: Number(row.messages),
      dmarcFailures: Number(row.failures),
      dmarcFailureRate: Number(row.messages) > 0 ? Number(row.failures) / Number(row.messages) : 0,
      domains: row.domains,
      city: row.city,
      asn: row.asn,
      asOrganization: row.as_organization,
    }));
  }

  /** Drops the cached heatmaps of the domain and those over all domains; returns how many. */
  async invalidate(domain: string): Promise<number> {
    const normalized = domain.trim().toLowerCase();
    this.memory.invalidate(normalized);
    const deleted = await this.store.invalidate(HEATMAP_CACHE_KIND, normalized);
    // Again: a request may have copied a row into memory while the DELETE ran.
    this.memory.invalidate(normalized);
    return deleted;
  }

  /**
   * Computes the heatmaps people open most: 7, 30 and 90 days, for all domains together and for
   * each domain with records in the last 90 days. Returns how many were computed.
   */
  async pregenerateCommonHeatmaps(): Promise<{ generated: number; domains: string[] }> {
    const longest = Math.max(...COMMON_HEATMAP_DAYS);
    const rows = await selectRows<{ domain: string }>(this.options.em.fork(), recentDomainsSql, [longest]);
    const domains = rows.map((row) => row.domain);
    let generated = 0;
    // The longest all-domain window first: it geolocates every address the others need.
    for (const days of [...COMMON_HEATMAP_DAYS].reverse()) {
      for (const domain of [null, ...domains]) {
        await this.generate({ days, domain, disposition: null });
        generated++;
      }
    }
    this.options.logger.info({ generated, domains: domains.length }, 'heatmaps generated');
    return { generated, domains };
  }
}

/** A heatmap as kept in memory: the stored payload and when it was computed. */
interface CachedHeatmap {
  readonly data: GeoHeatmapData;
  readonly computedAt: Date;
}

function heatmapQuery(input: { days?: number | null; domain?: string | null; disposition?: string | null }): HeatmapQuery {
  const days = requireIntegerBetween('days', input.days ?? 30, 1, MAX_HEATMAP_DAYS);
  let domain: string | null = null;
  if (input.domain !== undefined && input.domain !== null) {
    domain = input.domain.trim().toLowerCase();
    if (domain === '') throw new BadUserInputError('domain must not be empty');
  }
  const disposition = input.disposition ?? null;
  if (disposition !== null && !DISPOSITIONS.includes(disposition as Disposition)) {
    throw new BadUserInputError(`disposition must be one of ${DISPOSITIONS.join(', ')}`);
  }
  return { days, domain, disposition: disposition as Disposition | null };
}

/** The version part changes with the stored payload's shape (v2: points as columns), so no older row is misread. */
function cacheKey(query: HeatmapQuery): string {
  return `${HEATMAP_CACHE_KIND}:v2:days=${query.days}:domain=${query.domain ?? '*'}:disposition=${query.disposition ?? '*'}`;
}
