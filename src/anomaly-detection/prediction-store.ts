import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnomalyKind, GeolocationView } from './anomaly-views.js';
import { selectRows } from '../database/raw-sql.js';
import { fromCacheRow, type GeoCacheRow } from '../geolocation/cache/geo-cache-rows.js';
import { cachedGeolocationsSql, upsertPredictionsSql } from './prediction-sql.js';

export interface PredictionRow {
  readonly modelId: string | null;
  readonly kind: AnomalyKind;
  readonly sourceIp: string;
  readonly domain: string | null;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly score: number;
  readonly features: Record<string, number>;
  readonly explanation: unknown[];
}

/** Stores anomalies; returns, per row in order, whether it is new and when it was first stored. */
export async function upsertPredictions(em: EntityManager, rows: readonly PredictionRow[]): Promise<{ inserted: boolean; createdAt: Date }[]> {
  if (rows.length === 0) return [];
  const payload = rows.map((r) => ({
    model_id: r.modelId,
    kind: r.kind,
    source_ip: r.sourceIp,
    domain: r.domain,
    window_start: r.windowStart.toISOString(),
    window_end: r.windowEnd.toISOString(),
    score: r.score,
    features: r.features,
    explanation: r.explanation,
  }));
  // RETURNING follows the input order for INSERT ... SELECT from a single function scan.
  const result = await selectRows<{ inserted: boolean; created_at: Date | string }>(em, upsertPredictionsSql, [JSON.stringify(payload)]);
  return result.map((row) => ({ inserted: row.inserted, createdAt: new Date(row.created_at) }));
}

/** Cached geolocations only: detection never calls MaxMind. IPs without an entry are absent. */
export async function cachedGeolocations(em: EntityManager, ips: readonly string[]): Promise<Map<string, GeolocationView>> {
  if (ips.length === 0) return new Map();
  const rows = await selectRows<GeoCacheRow>(em, cachedGeolocationsSql, [[...new Set(ips)]]);
  return new Map(rows.map((row) => [row.ip, { ...fromCacheRow(row.ip, row), fromCache: true }]));
}
