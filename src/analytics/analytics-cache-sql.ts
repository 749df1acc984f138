/** The SQL of the analytics_cache table (analytics-cache-store.ts). */

/** $1 key: the entry if it has not expired. */
export const cachedAnswerSql = 'SELECT payload, computed_at FROM analytics_cache WHERE key = $1 AND expires_at > now()';

/** $1 key, $2 kind, $3 domain (null: every domain), $4 payload (JSON), $5 computed at, $6 expires at. */
export const putAnswerSql = `
INSERT INTO analytics_cache (key, kind, domain, payload, computed_at, expires_at)
VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $6::timestamptz)
ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, domain = excluded.domain, payload = excluded.payload,
  computed_at = excluded.computed_at, expires_at = excluded.expires_at`;

/** $1 kind, $2 domain: its entries for the domain and those spanning every domain. */
export const invalidateAnswersSql = 'DELETE FROM analytics_cache WHERE kind = $1 AND (domain = $2 OR domain IS NULL)';
