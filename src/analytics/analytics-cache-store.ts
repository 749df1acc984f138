import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, selectRows } from '../database/raw-sql.js';

export interface CachedAnswer<T> {
  readonly payload: T;
  readonly computedAt: Date;
}

/**
 * The analytics_cache table: pre-computed answers by key, each tagged with its kind and the
 * domain it depends on (null: all domains) so an ingest can drop exactly what it changed.
 */
export class AnalyticsCacheStore {
  constructor(private readonly em: EntityManager) {}

  /** The entry if it has not expired. */
  async get<T>(key: string): Promise<CachedAnswer<T> | undefined> {
    const [row] = await selectRows<{ payload: T; computed_at: Date | string }>(
      this.em.fork(),
      'SELECT payload, computed_at FROM analytics_cache WHERE key = $1 AND expires_at > now()',
      [key],
    );
    return row ? { payload: row.payload, computedAt: new Date(row.computed_at) } : undefined;
  }

  async put(entry: { key: string; kind: string; domain: string | null; payload: unknown; computedAt: Date; ttlMs: number }): Promise<void> {
    await executeStatement(
      this.em.fork(),
      `INSERT INTO analytics_cache (key, kind, domain, payload, computed_at, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz, $6::timestamptz)
       ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, domain = excluded.domain, payload = excluded.payload,
         computed_at = excluded.computed_at, expires_at = excluded.expires_at`,
      [
        entry.key,
        entry.kind,
        entry.domain,
        JSON.stringify(entry.payload),
        entry.computedAt.toISOString(),
        new Date(entry.computedAt.getTime() + entry.ttlMs).toISOString(),
      ],
    );
  }

  /** Deletes the kind's entries for the domain and those spanning every domain; returns how many. */
  invalidate(kind: string, domain: string): Promise<number> {
    return executeStatement(this.em.fork(), 'DELETE FROM analytics_cache WHERE kind = $1 AND (domain = $2 OR domain IS NULL)', [kind, domain]);
  }
}
