/**
 * SQL of sender_names, the naming cache. Addresses and rows travel as array parameters, one per
 * column, as in the geolocation cache (src/geolocation/cache/geo-cache-sql.ts). Expiry is compared
 * with a time the caller passes (its clock), never with the database's now().
 */

/** One sender_names row as read back (`ip` as host text). */
export interface NameCacheRow {
  readonly ip: string;
  readonly reverse_dns: string;
  readonly ptr_name: string | null;
  readonly confirmed_name: string | null;
  readonly base_domain: string | null;
  readonly dns_error: string | null;
  readonly asn: number | null;
  readonly as_organization: string | null;
  readonly sender_key: string;
  readonly sender_name: string;
  readonly sender_type: string;
  readonly sender_category: string | null;
  readonly naming_source: string;
  readonly looked_up_at: Date;
  readonly expires_at: Date;
}

const rowColumns = `host(ip) AS ip, reverse_dns, ptr_name, confirmed_name, base_domain, dns_error, asn, as_organization, sender_key,
  sender_name, sender_type, sender_category, naming_source, looked_up_at, expires_at`;

/** $1: address texts. Their rows, expired ones included (a failed lookup keeps what was known). */
export const selectRowsSql = `SELECT ${rowColumns} FROM sender_names WHERE ip = ANY($1::inet[])`;

/** $1: address texts, $2: now. Those whose row is fresh, and until when: the others are due. */
export const selectFreshSql = `
SELECT host(ip) AS ip, expires_at FROM sender_names WHERE ip = ANY($1::inet[]) AND expires_at > $2`;

/** $1: address texts. Their networks from the geolocation cache (ASN data names what DNS does not). */
export const selectNetworksSql = `
SELECT host(ip) AS ip, asn, as_organization FROM geolocation_cache WHERE ip = ANY($1::inet[]) AND asn IS NOT NULL`;

/**
 * $1: the first day, $2: now. Addresses that sent mail since $1 and have no fresh row: what the
 * naming job names (new ones ingestion could not, expired ones), most messages first.
 */
export const selectDueReportedSql = `
SELECT host(r.source_ip) AS ip
FROM dmarc_records r
WHERE r.date_begin >= $1
  AND NOT EXISTS (SELECT 1 FROM sender_names n WHERE n.ip = r.source_ip AND n.expires_at > $2)
GROUP BY r.source_ip
ORDER BY sum(r.count) DESC
LIMIT $3`;

/** The column order of upsertRowsSql's arrays, and each array's type. */
export const upsertColumns = [
  ['ip', 'inet'],
  ['reverse_dns', 'text'],
  ['ptr_name', 'text'],
  ['confirmed_name', 'text'],
  ['base_domain', 'text'],
  ['dns_error', 'text'],
  ['asn', 'int4'],
  ['as_organization', 'text'],
  ['sender_key', 'text'],
  ['sender_name', 'text'],
  ['sender_type', 'text'],
  ['sender_category', 'text'],
  ['naming_source', 'text'],
  ['looked_up_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
] as const;

const names = upsertColumns.map(([name]) => name);

/** $1...: one array per upsertColumns entry, distinct by ip. */
export const upsertRowsSql = `
INSERT INTO sender_names (${names.join(', ')})
SELECT ${names.map((name) => `x.${name}`).join(', ')}
FROM unnest(${upsertColumns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS x(${names.join(', ')})
ON CONFLICT (ip) DO UPDATE SET ${names
  .filter((name) => name !== 'ip')
  .map((name) => `${name} = excluded.${name}`)
  .join(', ')}`;

/** $1: base domains, $2: ASNs. Rows a map change may rename: named by one of these, or whose ASN is one of these. */
export const selectAffectedSql = `
SELECT ${rowColumns} FROM sender_names WHERE base_domain = ANY($1::text[]) OR asn = ANY($2::int4[])`;

/** $1: now. */
export const purgeExpiredSql = `DELETE FROM sender_names WHERE expires_at <= $1`;
