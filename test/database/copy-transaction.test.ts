import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyTransaction } from '../../src/database/raw-sql.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';

describe('copyTransaction', () => {
  let t: TestOrm;
  const rows = <T = Record<string, unknown>>(sql: string) => t.rows<T>(sql);
  const copySql = 'COPY copy_test (id, label) FROM STDIN';
  beforeAll(async () => {
    // One connection: a connection left in a broken state would fail the next test.
    t = await openTestOrm({ poolMax: 1 });
    await rows('CREATE TABLE copy_test (id int PRIMARY KEY, label text)');
  });
  afterAll(() => t.close());
  beforeEach(() => rows('TRUNCATE copy_test'));

  it('copies rows and runs statements in one transaction', async () => {
    const copied = await copyTransaction(t.orm.em, async (tx) => {
      await tx.query('INSERT INTO copy_test VALUES ($1, $2)', [1, 'statement']);
      return [await tx.copyIn(copySql, '2\ttab\\there\n3\t\\N\n'), await tx.copyIn(copySql, '')];
    });
    expect(copied).toEqual([2, 0]);
    expect(await rows('SELECT id, label FROM copy_test ORDER BY id')).toEqual([
      { id: 1, label: 'statement' }, { id: 2, label: 'tab\there' }, { id: 3, label: null },
    ]);
  });

  it('rolls everything back when the work throws, and the connection serves on', async () => {
    await expect(copyTransaction(t.orm.em, async (tx) => {
      await tx.copyIn(copySql, '1\ta\n');
      throw new Error('reading failed');
    })).rejects.toThrow('reading failed');
    expect(await rows('SELECT count(*)::int AS n FROM copy_test')).toEqual([{ n: 0 }]);
  });

  it('rejects with the database error for bad data or a bad statement, and rolls back', async () => {
    await expect(copyTransaction(t.orm.em, async (tx) => {
      await tx.copyIn(copySql, '1\ta\n');
      await tx.copyIn(copySql, '2\tb\nnot a number\tc\n');
    })).rejects.toThrow(/invalid input syntax for type integer/);
    await expect(copyTransaction(t.orm.em, (tx) => tx.copyIn('COPY no_such_table (id) FROM STDIN', '1\n'))).rejects.toThrow(/no_such_table/);
    expect(await rows('SELECT count(*)::int AS n FROM copy_test')).toEqual([{ n: 0 }]);
    await copyTransaction(t.orm.em, (tx) => tx.copyIn(copySql, '7\tafter\n'));
    expect(await rows('SELECT id, label FROM copy_test')).toEqual([{ id: 7, label: 'after' }]);
  });
});
