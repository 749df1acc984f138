import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import { CopyIn } from './copy-in.js';

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
 * join `em.transactional(...)`; otherwise each runs on a pooled connection. Bulk loads that need
 * `COPY` run in `copyTransaction` instead, on a connection of the same pool.
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

/** A transaction on one pooled connection: statements, and COPY FROM STDIN. */
export interface CopyTransaction {
  readonly query: RawQuery;
  /**
   * Runs `COPY ... FROM STDIN` (text format) with `rows`: one line per row, columns separated by
   * tabs, `\N` for null, backslash, tab and line breaks in values escaped. Returns the rows copied.
   */
  copyIn(sql: string, rows: string): Promise<number>;
}

/**
 * Runs `work` in one transaction on a connection of MikroORM's pool, committed when it resolves,
 * rolled back when it throws. For bulk loads: `COPY` is the cheapest way into PostgreSQL (no
 * statement to plan, no parameters to bind), and Kysely has no words for it, so the transaction
 * runs on the node-postgres client itself. Statements go through `query` as bind parameters, as
 * in `rawQuery`.
 */
export async function copyTransaction<T>(em: EntityManager, work: (tx: CopyTransaction) => Promise<T>): Promise<T> {
  const pool = await em.getConnection().getNativeClient();
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work({
      query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as Row[],
      copyIn: (sql, rows) => client.query(new CopyIn(sql, Buffer.from(rows, 'utf8'))).done,
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is closed rather than returned to the pool.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
