import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import type { GeolocationStatus } from '../geolocation-service.js';
import type { GeoipDatabaseStatus } from '../reloadable-geoip-database.js';
import type { GeoCacheCounters } from './cached-geo-location.js';
import { cacheSizeSql } from './geo-cache-sql.js';

export interface GeoDatabaseSummary {
  readonly state: 'ready' | 'unavailable';
  readonly databaseType: string | null;
  readonly buildDate: Date | null;
  readonly error: string | null;
}

export interface GeoStats extends GeoCacheCounters {
  readonly cacheSize: number;
  readonly expiredEntries: number;
  readonly ttlDays: number;
  /** Both configured databases are loaded. */
  readonly ready: boolean;
  readonly city: GeoDatabaseSummary;
  /** Null when no ASN database is configured. */
  readonly asn: GeoDatabaseSummary | null;
}

export async function describeGeoStats(
  em: EntityManager,
  status: GeolocationStatus,
  counters: GeoCacheCounters,
  ttlDays: number,
): Promise<GeoStats> {
  const [sizes] = await selectRows<{ total: string | number; expired: string | number }>(em, cacheSizeSql);
  return {
    ...counters,
    cacheSize: Number(sizes?.total ?? 0),
    expiredEntries: Number(sizes?.expired ?? 0),
    ttlDays,
    ready: status.ready,
    city: summarize(status.city),
    asn: status.asn ? summarize(status.asn) : null,
  };
}

function summarize(status: GeoipDatabaseStatus): GeoDatabaseSummary {
  if (status.state === 'ready') {
    return { state: 'ready', databaseType: status.info.databaseType, buildDate: status.info.buildDate, error: status.lastReloadError };
  }
  return { state: 'unavailable', databaseType: null, buildDate: null, error: status.error };
}
