import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

export type RawQuery = <Row = Record<string, unknown>>(sql: string, params: readonly unknown[]) => Promise<Row[]>;

/**
 * Runs SQL with real bind parameters ($1, $2 ...) on the EntityManager's connection, inside its
 * transaction when it has one. `em.execute` would inline the parameters into the SQL text
 * (escaping a megabyte of JSON in JavaScript per batch); Kysely, which MikroORM 7 runs on, sends
 * them to PostgreSQL as parameters.
 */
export function rawQuery(em: EntityManager): RawQuery {
  const kysely = em.getKysely();
  return async <Row>(sql: string, params: readonly unknown[]) => {
    const result = await kysely.executeQuery<Row>(CompiledQuery.raw(sql, [...params]));
    return [...result.rows];
  };
}
