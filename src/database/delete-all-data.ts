import type { MikroORM } from '@mikro-orm/postgresql';
import { truncateTablesSql } from './admin-sql.js';
import { selectRows } from './raw-sql.js';

/**
 * Deletes every row of the application's data in one statement: the tables of the entities, which
 * are the model the migrations build (test/database/migrations.test.ts keeps the two in agreement).
 * Tables that are not data stay as they are: the migrations' own record (emptied, the next start
 * would apply every migration again over the existing tables) and the job store's schedules
 * (emptied, a running server would stop running its jobs). Returns the number of tables emptied.
 */
export async function deleteAllData(orm: MikroORM): Promise<number> {
  const tables = [...orm.getMetadata().getAll().values()]
    .filter((meta) => meta.tableName && !meta.embeddable && !meta.virtual)
    .map((meta) => meta.tableName);
  if (tables.length === 0) return 0;
  const quoted = tables.map((table) => `"${table.replaceAll('"', '""')}"`).join(', ');
  await selectRows(orm.em.fork(), truncateTablesSql(quoted));
  return tables.length;
}
