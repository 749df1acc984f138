import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { runCli } from '../support/cli.js';
import { startServer, stopServer } from '../support/server-process.js';
import { freePort } from '../support/ports.js';

async function query(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('serve on the embedded PostgreSQL (no DATABASE_URL)', () => {
  let root: string;
  let env: Record<string, string>;
  let databaseUrl: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dmarc-embedded-'));
    chmodSync(root, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    const pgPort = await freePort();
    // What is tested is a clean stop (exit 0), not its speed: room for a busy machine (PostgreSQL stops too).
    env = { EMBEDDED_PG_DIR: join(root, 'postgres'), EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()), SHUTDOWN_TIMEOUT_MS: '30000' };
    databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/dmarc_analytics`;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts, serves, shares its database with a second command, stops cleanly and keeps data across restarts', async () => {
    const first = await startServer(env);
    expect(first.log()).toContain('initialising a new embedded PostgreSQL cluster');
    expect(first.log()).toContain('applied database migrations');
    // The line after "ready" says where to click and how to get credentials (as the README says).
    const lines = first.log().split('\n');
    const readyLine = lines.findIndex((line) => line.includes('dmarc-analytics is ready'));
    expect(lines[readyLine + 1]).toMatch(/open the map http:\/\/127\.0\.0\.1:\d+\/map, GraphQL IDE http:\/\/127\.0\.0\.1:\d+\/graphql\. Credentials: .*dmarc-analytics demo.*create-user/);

    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(200);
    const info = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ serverInfo { ready dependencies { name status } } }' }),
    });
    // GraphQL is served, and closed to anonymous callers (readiness itself is checked just above).
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

    // A second terminal: the CLI attaches to the running cluster instead of fighting over it.
    const status = await runCli(['migrate', '--status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^applied {2}Migration\d+_Initial$/m);
    expect(status.stdout).not.toMatch(/pending/);
    // stdout is the list alone; the logs went to stderr.
    expect(status.stdout.trim().split('\n').every((line) => /^applied {2}Migration\w+$/.test(line))).toBe(true);
    expect(status.stdout + status.stderr).toContain('attaching to the embedded PostgreSQL already running');
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200); // still up after the CLI exited

    await query(databaseUrl, `INSERT INTO users (email, password_hash, role) VALUES ('kept@example.com', 'x', 'VIEWER')`);

    expect(await stopServer(first), first.log()).toBe(0);
    expect(first.log()).toContain('embedded PostgreSQL stopped');
    expect(existsSync(join(env.EMBEDDED_PG_DIR!, 'postmaster.pid'))).toBe(false);

    const second = await startServer(env);
    expect(second.log()).not.toContain('initialising a new embedded PostgreSQL cluster');
    expect(second.log()).not.toContain('applied database migrations');
    const kept = await query(databaseUrl, `SELECT email FROM users`);
    expect(kept.rows).toEqual([{ email: 'kept@example.com' }]);
    expect(await stopServer(second), second.log()).toBe(0);
  }, 90_000);

  it('runs migrate on its own, starting and stopping the embedded cluster', async () => {
    const result = await runCli(['migrate'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`database is up to date (${migrationsList.length} migration(s) applied earlier)\n`);
    expect(result.stderr).toContain('embedded PostgreSQL');
    expect(existsSync(join(env.EMBEDDED_PG_DIR!, 'postmaster.pid'))).toBe(false);
  }, 60_000);
});
