import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/database/orm-options.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './stores.js';

export interface TestOrm {
  readonly database: TestDatabase;
  readonly orm: MikroORM;
  /** Rows of a statement (no parameters) on a fresh EntityManager. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** MikroORM on a fresh, fully migrated database of its own. */
export async function openTestOrm(options: { poolMax?: number } = {}): Promise<TestOrm> {
  const database = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: options.poolMax ?? 2, connectTimeoutMs: 5000 }, silentLogger));
  return {
    database,
    orm,
    rows: <T>(sql: string) => orm.em.fork().execute<T[]>(sql),
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}
