import type { AsnResponse, CityResponse } from 'maxmind';
import type { Logger } from '../logging/logger.js';
import { databaseGeoLocation, reservedGeoLocation, type GeoLocation } from './geo-location.js';
import { effectiveAddress, requireIpAddress, type IpAddress } from './ip-address.js';
import { validateIpAddresses } from './ip-batch.js';
import { ReloadableGeoipDatabase, type GeoipDatabaseStatus } from './reloadable-geoip-database.js';
import { reservedRangeOf } from './reserved-ranges.js';

/** What callers (GraphQL, ingestion, a cache in front) depend on. */
export interface GeoLookup {
  /** Rejects with InvalidIpAddressError (BAD_USER_INPUT) or GeoipUnavailableError (GEOIP_UNAVAILABLE). */
  lookup(ip: string): Promise<GeoLocation>;
  /** Results in input order. Any invalid address rejects the whole batch before anything is looked up. */
  lookupMany(ips: readonly string[]): Promise<GeoLocation[]>;
}

export interface GeolocationServiceOptions {
  readonly cityDbPath: string;
  /** GEOIP_ASN_DB; without it `asn` and `asOrganization` are always null. */
  readonly asnDbPath?: string | undefined;
  readonly logger: Logger;
  /** Reload a database when its file is replaced on disk (default true). */
  readonly watchForUpdates?: boolean;
  readonly reloadDebounceMs?: number;
  /**
   * Decoded database records kept per database (default 50 000, about 17 MB for City). Decoding a
   * City record is most of a lookup's cost, and DMARC senders repeat, so the hit rate is high.
   */
  readonly decoderCacheSize?: number;
}

export interface GeolocationStatus {
  /** Both configured databases are loaded. */
  readonly ready: boolean;
  readonly city: GeoipDatabaseStatus;
  /** Null when no ASN database is configured. */
  readonly asn: GeoipDatabaseStatus | null;
}

export const DEFAULT_DECODER_CACHE_SIZE = 50_000;

// A batch gives the event loop back this often, so thousands of lookups do not stall requests.
const BATCH_SLICE = 2_000;

export class GeolocationService implements GeoLookup {
  private constructor(
    private readonly city: ReloadableGeoipDatabase<CityResponse>,
    private readonly asn: ReloadableGeoipDatabase<AsnResponse> | undefined,
  ) {}

  /** Never throws for a bad database file: check status() for readiness. */
  static async open(options: GeolocationServiceOptions): Promise<GeolocationService> {
    const reloadOptions = {
      logger: options.logger,
      watch: options.watchForUpdates ?? true,
      reloadDebounceMs: options.reloadDebounceMs ?? 500,
      decoderCacheSize: options.decoderCacheSize ?? DEFAULT_DECODER_CACHE_SIZE,
    };
    const [city, asn] = await Promise.all([
      ReloadableGeoipDatabase.open<CityResponse>('city', options.cityDbPath, reloadOptions),
      options.asnDbPath ? ReloadableGeoipDatabase.open<AsnResponse>('asn', options.asnDbPath, reloadOptions) : undefined,
    ]);
    return new GeolocationService(city, asn);
  }

  /** The synchronous core of lookup(), for in-process callers that want no promise per address. */
  lookupSync(ip: string): GeoLocation {
    return this.locate(requireIpAddress(ip));
  }

  async lookup(ip: string): Promise<GeoLocation> {
    return this.lookupSync(ip);
  }

  async lookupMany(ips: readonly string[]): Promise<GeoLocation[]> {
    const addresses = validateIpAddresses(ips);
    const results: GeoLocation[] = [];
    for (let start = 0; start < addresses.length; start += BATCH_SLICE) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const end = Math.min(start + BATCH_SLICE, addresses.length);
      for (let i = start; i < end; i++) results.push(this.locate(addresses[i] as IpAddress));
    }
    return results;
  }

  status(): GeolocationStatus {
    const city = this.city.status();
    const asn = this.asn?.status() ?? null;
    return { ready: city.state === 'ready' && (asn === null || asn.state === 'ready'), city, asn };
  }

  /** For a readiness probe: details of the loaded databases, or GeoipUnavailableError. */
  readinessDetails(): Record<string, unknown> {
    this.city.reader();
    this.asn?.reader();
    const { city, asn } = this.status();
    return { city: summary(city), ...(asn ? { asn: summary(asn) } : {}) };
  }

  /** Re-reads both files now (the file watch does this by itself when they are replaced). */
  async reload(): Promise<GeolocationStatus> {
    await Promise.all([this.city.reload(), this.asn?.reload()]);
    return this.status();
  }

  /** Called after every reload attempt of either database. Returns the unsubscribe function. */
  onReload(listener: (status: GeolocationStatus) => void): () => void {
    const notify = () => listener(this.status());
    const unsubscribe = [this.city.onReload(notify), this.asn?.onReload(notify)];
    return () => unsubscribe.forEach((stop) => stop?.());
  }

  close(): void {
    this.city.close();
    this.asn?.close();
  }

  private locate(address: IpAddress): GeoLocation {
    const reservedRange = reservedRangeOf(address);
    if (reservedRange) return reservedGeoLocation(address.text, reservedRange);
    const host = effectiveAddress(address).text;
    // Both readers are fetched first so a broken ASN file fails the lookup instead of
    // quietly producing rows without a network that a cache would then keep for months.
    const city = this.city.reader();
    const asn = this.asn?.reader();
    return databaseGeoLocation(address.text, city.get(host), asn ? asn.get(host) : null);
  }
}

function summary(status: GeoipDatabaseStatus): Record<string, unknown> {
  if (status.state !== 'ready') return { state: status.state, error: status.error };
  const { databaseType, buildDate } = status.info;
  // Computed now, not when the file was opened: a long-running server's file keeps ageing.
  const ageDays = Math.floor((Date.now() - buildDate.getTime()) / 86_400_000);
  return { databaseType, buildDate: buildDate.toISOString(), ageDays, lastReloadError: status.lastReloadError };
}
