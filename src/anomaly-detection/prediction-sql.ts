/** The SQL of stored anomalies (prediction-store.ts). */

/**
 * $1 the anomalies (JSON, one object per row, columns by name). One statement for all rows: the rows travel as one JSON document. ON CONFLICT names the columns
 * of the ml_predictions_dedup index (NULLS NOT DISTINCT, so rule rows with model_id null dedupe
 * too). xmax = 0 tells a freshly inserted row from an updated one.
 */
export const upsertPredictionsSql = `
INSERT INTO ml_predictions (model_id, kind, source_ip, domain, window_start, window_end, score, features, explanation)
SELECT model_id, kind, source_ip, domain, window_start, window_end, score, features, explanation
FROM jsonb_to_recordset($1::jsonb) AS x(model_id uuid, kind text, source_ip inet, domain text, window_start timestamptz,
     window_end timestamptz, score double precision, features jsonb, explanation jsonb)
ON CONFLICT (model_id, kind, source_ip, domain, window_start, window_end) DO UPDATE
SET score = excluded.score, features = excluded.features, explanation = excluded.explanation
RETURNING (xmax = 0) AS inserted, created_at`;

/** $1 addresses: their geolocation cache rows (those without one are absent). */
export const cachedGeolocationsSql = `
SELECT host(u.ip) AS ip, g.country_code, g.country_name, g.subdivision, g.city, g.latitude, g.longitude, g.accuracy_radius_km,
       g.asn, g.as_organization, g.reserved_range
FROM unnest($1::inet[]) AS u(ip)
JOIN geolocation_cache g ON g.ip = u.ip`;
