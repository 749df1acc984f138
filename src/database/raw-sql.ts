import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * The one way the code runs hand-written SQL: set-based statements the entity layer has no words
 * for (bulk upserts, aggregates, bulk deletes).
 *
 * Parameters are real bind parameters (`$1`, `$2` ...) sent through Kysely, the query layer
 * MikroORM 7 runs on. `em.execute` would instead inline every value into the SQL text, escaping
 * it in JavaScript (megabytes per bulk statement) and making PostgreSQL parse it back. JavaScript
 * arrays bind as PostgreSQL arrays (`$1::inet[]`, `unnest($1::text[], ...)`), strings for jsonb
 * as JSON text.
 *
 * `em.getKysely()` is bound to the EntityManager's transaction when it has one, so statements
 * join `em.transactional(...)`; otherwise each runs on a pooled connection.
 */

export type RawQuery = <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** A function running statements on `em` (and its transaction); returns the rows. */
export function rawQuery(em: EntityManager): RawQuery {
  const kysely = em.getKysely();
  return async <Row>(sql: string, params: readonly unknown[] = []) => {
    const result = await kysely.executeQuery<Row>(CompiledQuery.raw(sql, [...params]));
    return result.rows as Row[];
  };
}

/** Runs a query and returns its rows. */
export function selectRows<Row = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return rawQuery(em)<Row>(sql, params);
}

/** Runs a statement and returns the number of rows it inserted, updated or deleted. */
export async function executeStatement(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<number> {
  const result = await em.getKysely().executeQuery(CompiledQuery.raw(sql, [...params]));
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Numbers placeholders in the order a SQL template is written: `const $ = placeholders();` then
 * `${$()}` wherever a parameter goes. For statements whose optional clauses shift the positions
 * of the parameters after them (a domain filter in the middle, say).
 */
export function placeholders(first = 1): () => string {
  let next = first;
  return () => `$${next++}`;
}
