/** The SQL of the operator's service map entries (service-map-store.ts). */

/** The operator's entries, by base domain or ASN. */
export const mapEntriesSql = 'SELECT * FROM sender_map_entries ORDER BY coalesce(base_domain, asn::text)';

/** $1 id. Returns the row. */
export const deleteMapEntrySql = 'DELETE FROM sender_map_entries WHERE id = $1 RETURNING *';

/**
 * $1 base domain, $2 ASN (one of them), $3 name, $4 type, $5 comment, $6 by, $7 now: a new entry, or
 * the one of the same base domain (or ASN, `conflict`) replaced. Returns the row.
 */
export const upsertMapEntrySql = (conflict: 'base_domain' | 'asn'): string => `
INSERT INTO sender_map_entries AS e (base_domain, asn, name, type, comment, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
ON CONFLICT (${conflict}) DO UPDATE SET name = excluded.name, type = excluded.type, comment = excluded.comment,
  created_by = excluded.created_by, updated_at = excluded.updated_at
RETURNING *`;
