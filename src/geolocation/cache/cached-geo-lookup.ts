import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, selectRows } from '../../database/raw-sql.js';
import type { Logger } from '../../logging/logger.js';
import { reservedGeoLocation, type GeoLocation } from '../geo-location.js';
import type { GeoLookup, GeolocationService } from '../geolocation-service.js';
import { parseIpAddress, type IpAddress } from '../ip-address.js';
import { validateIpAddresses } from '../ip-batch.js';
import { reservedRangeOf } from '../reserved-ranges.js';
import type { CachedGeoLocation, GeolocateBatchResult } from './cached-geo-location.js';
import { fromCacheRow, toCacheColumns, type GeoCacheRow } from './geo-cache-rows.js';
import { purgeExpiredSql, selectFreshRowsSql, selectMissingSql, selectReportedSql, upsertRowsSql } from './geo-cache-sql.js';
import { describeGeoStats, type GeoStats } from './geo-stats.js';
import { HitCounter } from './hit-counter.js';

export interface CachedGeoLookupOptions {
  /** A long-lived EntityManager (the ORM's root one): only its connection is used. */
  readonly em: EntityManager;
  readonly geolocation: GeolocationService;
  /** GEOIP_CACHE_TTL_DAYS. */
  readonly ttlDays: number;
  readonly logger: Logger;
  /** Addresses per SQL statement (default 5 000). */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 5_000;

/**
 * The geolocation_cache table in front of the MaxMind databases: a fresh row answers, a missing
 * or expired one is looked up and written back in bulk.
 *
 * Reserved addresses (private, loopback, documentation...) answer `lookup`/`lookupMany` from the
 * address alone, with neither a cache read nor a write: the answer costs nothing to compute.
 * `geolocateNewIps` does write them, so SQL joining records to the cache (the heatmaps) can count
 * them in their own bucket instead of retrying them on every run.
 *
 * Ad-hoc lookups (`lookup`/`lookupMany`, the geoLookup queries) cache only addresses that some
 * stored record comes from: the cache exists for the heatmaps' joins, and any VIEWER could
 * otherwise grow the table without bound with made-up addresses (about 1.8M rows a minute per
 * client). Other addresses are answered from MaxMind each time, which costs microseconds.
 */
export class CachedGeoLookup implements GeoLookup {
  private readonly counter = new HitCounter();
  private readonly batchSize: number;

  constructor(private readonly options: CachedGeoLookupOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  /** Cache hits and misses since the process started (the metrics read them at each scrape). */
  cacheCounters(): { readonly hits: number; readonly misses: number } {
    return this.counter.snapshot();
  }

  get ttlDays(): number {
    return this.options.ttlDays;
  }

  async lookup(ip: string): Promise<CachedGeoLocation> {
    const [answer] = await this.lookupMany([ip]);
    return answer!;
  }

  /** Results in input order; any invalid address rejects the batch (InvalidIpAddressError). */
  async lookupMany(ips: readonly string[]): Promise<CachedGeoLocation[]> {
    const addresses = validateIpAddresses(ips);
    const answers = new Map<string, CachedGeoLocation>();
    const distinct = new Set<string>();
    for (const address of addresses) {
      if (answers.has(address.text)) continue;
      const reservedRange = reservedRangeOf(address);
      if (reservedRange) answers.set(address.text, { ...reservedGeoLocation(address.text, reservedRange), fromCache: false });
      else distinct.add(address.text);
    }
    const cacheable = [...distinct];
    for (let start = 0; start < cacheable.length; start += this.batchSize) {
      const batch = cacheable.slice(start, start + this.batchSize);
      const cached = await this.readFresh(batch);
      const misses = batch.filter((ip) => !cached.has(ip));
      const fresh = misses.length > 0 ? await this.lookUpAndStoreReported(misses) : [];
      this.counter.record(cached.size, misses.length);
      for (const location of cached.values()) answers.set(location.ip, { ...location, fromCache: true });
      for (const location of fresh) answers.set(location.ip, { ...location, fromCache: false });
    }
    return addresses.map((address: IpAddress) => answers.get(address.text)!);
  }

  /**
   * Makes sure every address has a fresh cache row (used after ingestion and before heatmaps).
   * Invalid addresses are skipped with a warning: they come from stored data, not from a user.
   */
  async geolocateNewIps(ips: readonly string[]): Promise<GeolocateBatchResult> {
    const distinct = new Set<string>();
    const invalid: string[] = [];
    for (const ip of ips) {
      const address = parseIpAddress(ip);
      if (address === undefined) invalid.push(ip);
      else distinct.add(address.text);
    }
    if (invalid.length > 0) this.options.logger.warn({ invalid: invalid.slice(0, 5), count: invalid.length }, 'skipping invalid IP addresses');
    const all = [...distinct];
    let lookedUp = 0;
    // A batch's cache rows are written while the next batch is looked up: the MaxMind lookups
    // are synchronous CPU work here, the upsert is PostgreSQL's, so they overlap.
    let writing: Promise<unknown> = Promise.resolve();
    try {
      for (let start = 0; start < all.length; start += this.batchSize) {
        const batch = all.slice(start, start + this.batchSize);
        const rows = await selectRows<{ ip: string }>(this.options.em.fork(), selectMissingSql, [batch]);
        if (rows.length === 0) {
          this.counter.record(batch.length, 0);
          continue;
        }
        const locations = await this.options.geolocation.lookupMany(rows.map((row) => row.ip));
        await writing;
        writing = this.store(locations);
        // Marked handled now (awaited later): a failure during the next lookups is not "unhandled".
        writing.catch(() => {});
        this.counter.record(batch.length - rows.length, rows.length);
        lookedUp += rows.length;
      }
      await writing;
    } catch (error) {
      await writing.catch(() => {});
      throw error;
    }
    return { distinct: all.length, alreadyCached: all.length - lookedUp, lookedUp };
  }

  /** Deletes expired rows; returns how many. */
  purgeExpired(): Promise<number> {
    return purgeExpiredGeolocations(this.options.em.fork());
  }

  async stats(): Promise<GeoStats> {
    return describeGeoStats(this.options.em.fork(), this.options.geolocation.status(), this.counter.snapshot(), this.options.ttlDays);
  }

  private async readFresh(ips: readonly string[]): Promise<Map<string, GeoLocation>> {
    const rows = await selectRows<GeoCacheRow>(this.options.em.fork(), selectFreshRowsSql, [ips]);
    const found = new Map<string, GeoLocation>();
    for (const row of rows) {
      // PostgreSQL prints IPv6 its own way; key by our canonical text so answers match the input.
      const ip = parseIpAddress(row.ip)?.text ?? row.ip;
      found.set(ip, fromCacheRow(ip, row));
    }
    return found;
  }

  /**
   * Looks the addresses up in MaxMind (GeoipUnavailableError when it is down) and upserts those
   * that some stored record comes from.
   */
  private async lookUpAndStoreReported(ips: readonly string[]): Promise<GeoLocation[]> {
    const locations = await this.options.geolocation.lookupMany(ips);
    const reported = new Set((await selectRows<{ ip: string }>(this.options.em, selectReportedSql, [ips])).map((row) => row.ip));
    const cacheable = locations.filter((location) => reported.has(location.ip));
    if (cacheable.length > 0) await this.store(cacheable);
    return locations;
  }

  /** Upserts the locations' cache rows, one array parameter per column. */
  private async store(locations: readonly GeoLocation[]): Promise<void> {
    await executeStatement(this.options.em.fork(), upsertRowsSql, [this.options.ttlDays, ...toCacheColumns(locations)]);
  }
}

/** Deletes expired geolocation_cache rows; returns how many. Needs no GeoIP database. */
export function purgeExpiredGeolocations(em: EntityManager): Promise<number> {
  return executeStatement(em, purgeExpiredSql);
}
