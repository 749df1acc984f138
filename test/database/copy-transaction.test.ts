import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyTransaction } from '../../src/database/raw-sql.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

describe('copyTransaction', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  const rows = <T = Record<string, unknown>>(sql: string) => orm.em.fork().execute<T[]>(sql);
  const copySql = 'COPY copy_test (id, label) FROM STDIN';
  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection: a connection left in a broken state would fail the next test.
    orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 1, connectTimeoutMs: 5000 }, silentLogger));
    await rows('CREATE TABLE copy_test (id int PRIMARY KEY, label text)');
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });
  beforeEach(() => rows('TRUNCATE copy_test'));

  it('copies rows and runs statements in one transaction', async () => {
    const copied = await copyTransaction(orm.em, async (tx) => {
      await tx.query('INSERT INTO copy_test VALUES ($1, $2)', [1, 'statement']);
      return [await tx.copyIn(copySql, '2\ttab\\there\n3\t\\N\n'), await tx.copyIn(copySql, '')];
    });
    expect(copied).toEqual([2, 0]);
    expect(await rows('SELECT id, label FROM copy_test ORDER BY id')).toEqual([
      { id: 1, label: 'statement' }, { id: 2, label: 'tab\there' }, { id: 3, label: null },
    ]);
  });

  it('rolls everything back when the work throws, and the connection serves on', async () => {
    await expect(copyTransaction(orm.em, async (tx) => {
      await tx.copyIn(copySql, '1\ta\n');
      throw new Error('reading failed');
    })).rejects.toThrow('reading failed');
    expect(await rows('SELECT count(*)::int AS n FROM copy_test')).toEqual([{ n: 0 }]);
  });

  it('rejects with the database error for bad data or a bad statement, and rolls back', async () => {
    await expect(copyTransaction(orm.em, async (tx) => {
      await tx.copyIn(copySql, '1\ta\n');
      await tx.copyIn(copySql, '2\tb\nnot a number\tc\n');
    })).rejects.toThrow(/invalid input syntax for type integer/);
    await expect(copyTransaction(orm.em, (tx) => tx.copyIn('COPY no_such_table (id) FROM STDIN', '1\n'))).rejects.toThrow(/no_such_table/);
    expect(await rows('SELECT count(*)::int AS n FROM copy_test')).toEqual([{ n: 0 }]);
    await copyTransaction(orm.em, (tx) => tx.copyIn(copySql, '7\tafter\n'));
    expect(await rows('SELECT id, label FROM copy_test')).toEqual([{ id: 7, label: 'after' }]);
  });
});
