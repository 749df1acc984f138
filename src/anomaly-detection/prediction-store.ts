import type { EntityManager } from '@mikro-orm/postgresql';
import type { AnomalyKind, GeolocationView } from './anomaly-views.js';
import { selectRows } from '../database/raw-sql.js';
import { fromCacheRow, type GeoCacheRow } from '../geolocation/cache/geo-cache-rows.js';

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

/*
 * One statement for all rows: the rows travel as one JSON document. ON CONFLICT names the columns
 * of the ml_predictions_dedup index (NULLS NOT DISTINCT, so rule rows with model_id null dedupe
 * too). xmax = 0 tells a freshly inserted row from an updated one.
 */
const upsertSql = `
INSERT INTO ml_predictions (model_id, kind, source_ip, domain, window_start, window_end, score, features, explanation)
SELECT model_id, kind, source_ip, domain, window_start, window_end, score, features, explanation
FROM jsonb_to_recordset($1::jsonb) AS x(model_id uuid, kind text, source_ip inet, domain text, window_start timestamptz,
     window_end timestamptz, score double precision, features jsonb, explanation jsonb)
ON CONFLICT (model_id, kind, source_ip, domain, window_start, window_end) DO UPDATE
SET score = excluded.score, features = excluded.features, explanation = excluded.explanation
RETURNING (xmax = 0) AS inserted, created_at`;

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
  const result = await selectRows<{ inserted: boolean; created_at: Date | string }>(em, upsertSql, [JSON.stringify(payload)]);
  return result.map((row) => ({ inserted: row.inserted, createdAt: new Date(row.created_at) }));
}

const geolocationSql = `
SELECT host(u.ip) AS ip, g.country_code, g.country_name, g.subdivision, g.city, g.latitude, g.longitude, g.accuracy_radius_km,
       g.asn, g.as_organization, g.reserved_range
FROM unnest($1::inet[]) AS u(ip)
JOIN geolocation_cache g ON g.ip = u.ip`;

/** Cached geolocations only: detection never calls MaxMind. IPs without an entry are absent. */
export async function cachedGeolocations(em: EntityManager, ips: readonly string[]): Promise<Map<string, GeolocationView>> {
  if (ips.length === 0) return new Map();
  const rows = await selectRows<GeoCacheRow>(em, geolocationSql, [[...new Set(ips)]]);
  return new Map(rows.map((row) => [row.ip, { ...fromCacheRow(row.ip, row), fromCache: true }]));
}
