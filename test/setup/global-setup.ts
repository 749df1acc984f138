import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { withDatabase } from '../support/database-url.js';
import { startFerretDb } from '../support/ferretdb.js';
import { startTestPostgres } from '../support/postgres-server.js';
import { ensureSystemPackages } from './system-packages.js';
import { silentLogger } from '../support/silent-logger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    postgresTemplate: string;
    mongoUrl: string;
  }
}

/**
 * Installs the Debian packages the suite starts when they are missing (system-packages.ts), then
 * starts what the suite needs and is not given: PostgreSQL (TEST_DATABASE_URL, else an embedded
 * one) and a MongoDB-wire server (MONGODB_URL, else FerretDB). Migrations run once into a template
 * database; every test file clones it (see test/support/stores.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // First: the Debian programs the tests start, installed on a fresh machine; where they cannot
  // be, the run stops here with the one message that says what to do (not a stack trace).
  try {
    ensureSystemPackages();
  } catch (error) {
    process.stderr.write(`\n${(error as Error).message}\n\n`);
    process.exit(1);
  }
  const started = await Promise.allSettled([
    process.env.TEST_DATABASE_URL ? { url: process.env.TEST_DATABASE_URL, stop: async () => {} } : startTestPostgres(),
    process.env.MONGODB_URL ? { url: process.env.MONGODB_URL, stop: async () => {} } : startFerretDb(),
  ]);
  const [postgres, mongo] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  if (!postgres || !mongo) {
    await Promise.all([postgres?.stop(), mongo?.stop()]);
    // Before any test: what could not start, in words (our errors say what to do).
    const reasons = started.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error)?.message ?? String(s.reason)] : []));
    process.stderr.write(`\nnpm test: the test stores could not start: ${reasons.join('; ')}\n\n`);
    process.exit(1);
  }

  const template = `dmarc_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(postgres.url, `CREATE DATABASE ${template}`);
  const orm = await MikroORM.init(
    ormOptions({ url: withDatabase(postgres.url, template), poolMax: 2, connectTimeoutMs: 10_000 }, silentLogger),
  );
  await applyPendingMigrations(orm, silentLogger);
  await orm.close(true);

  project.provide('postgresUrl', postgres.url);
  project.provide('postgresTemplate', template);
  project.provide('mongoUrl', mongo.url);

  return async () => {
    await adminQuery(postgres.url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
    await Promise.all([postgres.stop(), mongo.stop()]);
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
