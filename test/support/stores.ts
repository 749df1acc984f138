import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { adminQuery } from '../setup/global-setup.js';
import { withDatabase } from './database-url.js';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Runs one statement on a connection of its own (outside the application's pool) and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database of its own (a copy of the template made in global setup), or
 * with `migrated: false` an empty one.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const server = inject('postgresUrl');
  const name = `dmarc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE ${name}${options.migrated === false ? '' : ` TEMPLATE ${inject('postgresTemplate')}`}`);
  const url = withDatabase(server, name);
  return {
    url,
    name,
    query: async <Row>(sql: string, params: readonly unknown[] = []) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, [...params])).rows as Row[];
      } finally {
        await client.end();
      }
    },
    drop: () => adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A MongoDB URL naming a database no other test uses. */
export function testMongoUrl(): string {
  const url = new URL(inject('mongoUrl'));
  url.pathname = `/dmarc_test_${randomBytes(6).toString('hex')}`;
  return url.toString();
}
