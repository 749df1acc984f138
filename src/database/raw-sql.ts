import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Raw SQL through the EntityManager's connection, `?` placeholders (MikroORM inlines the values,
 * escaped). For set-based statements the entity layer has no words for: upserts from JSON,
 * aggregates, bulk deletes.
 */
export async function selectRows<Row>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return (await em.getConnection().execute(sql, params, 'all')) as unknown as Row[];
}

/** Runs a statement and returns the number of rows it changed. */
export async function executeStatement(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<number> {
  const result = (await em.getConnection().execute(sql, params, 'run')) as unknown as { affectedRows: number };
  return result.affectedRows;
}
