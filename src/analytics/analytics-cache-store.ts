import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, selectRows } from '../database/raw-sql.js';
import { cachedAnswerSql, invalidateAnswersSql, putAnswerSql } from './analytics-cache-sql.js';

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
    const [row] = await selectRows<{ payload: T; computed_at: Date | string }>(this.em.fork(), cachedAnswerSql, [key]);
    return row ? { payload: row.payload, computedAt: new Date(row.computed_at) } : undefined;
  }

  async put(entry: { key: string; kind: string; domain: string | null; payload: unknown; computedAt: Date; ttlMs: number }): Promise<void> {
    await executeStatement(this.em.fork(), putAnswerSql, [
      entry.key,
      entry.kind,
      entry.domain,
      JSON.stringify(entry.payload),
      entry.computedAt.toISOString(),
      new Date(entry.computedAt.getTime() + entry.ttlMs).toISOString(),
    ]);
  }

  /** Deletes the kind's entries for the domain and those spanning every domain; returns how many. */
  invalidate(kind: string, domain: string): Promise<number> {
    return executeStatement(this.em.fork(), invalidateAnswersSql, [kind, domain]);
  }
}
