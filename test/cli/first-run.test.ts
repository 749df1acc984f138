import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { fixture } from '../fixtures/ingestion/fixtures.js';
import { adminQuery } from '../setup/global-setup.js';
import { runCli } from '../support/cli.js';
import { withDatabase } from '../support/database-url.js';
import { freePort } from '../support/ports.js';

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('the first commands on a fresh clone (nothing migrated yet)', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dmarc-first-run-'));
    chmodSync(root, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    const pgPort = await freePort();
    env = { EMBEDDED_PG_DIR: join(root, 'postgres'), EMBEDDED_PG_PORT: String(pgPort) };
    writeFileSync(join(root, 'report.xml'), fixture('rfc7489.xml'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('create-user starts the embedded PostgreSQL, applies the migrations and creates the user; ingest works next', async () => {
    const created = await runCli(['create-user', '--email', 'first@example.com', '--role', 'admin'], env, 60_000);
    expect(created.stderr).not.toMatch(/does not exist|unexpected error/);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created user first@example\.com \(admin\)/m);
    expect(created.stderr).toContain('applied database migrations');

    const ingested = await runCli(['ingest', join(root, 'report.xml')], env, 60_000);
    expect(ingested.code).toBe(0);
    expect(ingested.stderr).not.toContain('applied database migrations'); // already done
    expect(ingested.stderr).not.toContain('run `dmarc-analytics migrate` first');

    const status = await runCli(['migrate', '--status'], env, 60_000);
    expect(status.stdout).not.toContain('pending');
    expect(status.stdout.match(/^applied /gm)).toHaveLength(migrationsList.length);
  }, 120_000);

  it('kept what the commands stored: the same e-mail is taken, the same report a duplicate', async () => {
    const again = await runCli(['create-user', '--email', 'first@example.com', '--role', 'viewer'], env, 60_000);
    expect(again.code).toBe(65);
    expect(again.stderr).toContain('already exists');
    const duplicate = await runCli(['ingest', '--json', join(root, 'report.xml')], env, 60_000);
    expect(JSON.parse(duplicate.stdout)).toMatchObject({ ingested: 0, duplicates: 1 });
  }, 120_000);
});

describe('with MIGRATE_ON_START=false (the production default)', () => {
  let url: string;
  let name: string;
  beforeAll(async () => {
    name = `dmarc_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(inject('postgresUrl'), `CREATE DATABASE ${name}`);
    url = withDatabase(inject('postgresUrl'), name);
  });
  afterAll(() => adminQuery(inject('postgresUrl'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

  it('create-user and ingest refuse an unmigrated database with exit 69 and the command to run, and change nothing', async () => {
    const env = { DATABASE_URL: url, NODE_ENV: 'test', MIGRATE_ON_START: 'false' };
    const created = await runCli(['create-user', '--email', 'first@example.com', '--role', 'admin'], env);
    expect(created.code).toBe(69);
    expect(created.stderr).toContain('pending migration(s)');
    expect(created.stderr).toContain('run `dmarc-analytics migrate` first');
    expect(created.stderr).not.toMatch(/\n\s+at /);

    const file = join(tmpdir(), `first-run-${name}.xml`);
    writeFileSync(file, fixture('rfc7489.xml'));
    const ingested = await runCli(['ingest', file], env);
    rmSync(file);
    expect(ingested.code).toBe(69);
    expect(ingested.stderr).toContain('run `dmarc-analytics migrate` first');

    expect(await scalar(url, `SELECT count(*)::int AS value FROM information_schema.tables WHERE table_name = 'users'`)).toBe(0);
  });
});
