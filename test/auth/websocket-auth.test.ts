import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startProductionTestApp, startTestAppBehindProxy, type ProxiedTestApp, type TestApp } from '../support/test-app.js';

type ExecutionResult = FormattedExecutionResult<Record<string, unknown>, unknown>;

function connect(t: TestApp, connectionParams?: Record<string, unknown>): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  const client = createClient({
    url: `${t.app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    ...(connectionParams ? { connectionParams } : {}),
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (event) => resolve(event as { code: number; reason: string })));
  return { client, closed };
}

function run(client: Client, query: string): Promise<ExecutionResult> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult | undefined;
    client.subscribe({ query }, { next: (value) => (result = value), error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error as Error)), complete: () => resolve(result!) });
  });
}

describe('GraphQL over WebSocket', () => {
  let t: ProxiedTestApp;

  beforeAll(async () => {
    t = await startTestAppBehindProxy({ GRAPHQL_WS_MAX_OPERATIONS: '2', GRAPHQL_WS_MAX_CONNECTIONS_PER_PRINCIPAL: '2' });
  });
  afterAll(() => t.close());

  it('closes a connection without a credential, or with an invalid one, with 4403', async () => {
    const anonymous = connect(t);
    expect((await anonymous.closed).code).toBe(4403);
    const invalid = connect(t, { token: 'not-a-token' });
    expect((await invalid.closed).code).toBe(4403);
    await Promise.all([anonymous.client.dispose(), invalid.client.dispose()]);
  });

  it('runs operations for a valid token, with the role checks of HTTP', async () => {
    const { client } = connect(t, { authorization: `Bearer ${t.adminToken}` });
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
    await client.dispose();

    const ingest = connect(t, { apiKey: await t.apiKey('INGEST' as never) });
    const refused = await run(ingest.client, '{ reports { totalCount } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await ingest.client.dispose();
  });

  it('limits operations per connection and connections per principal', async () => {
    const { client } = connect(t, { token: t.adminToken });
    await run(client, '{ me { id } }');
    // Every PostgreSQL answer now takes 300 ms, so the first two operations are still running
    // when the third arrives.
    t.postgres.delayMs = 300;
    try {
      const results = await Promise.all([1, 2, 3].map(() => run(client, '{ reports(first: 1) { totalCount } }')));
      const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok');
      expect(codes.filter((code) => code === 'TOO_MANY_OPERATIONS')).toHaveLength(1);
    } finally {
      t.postgres.delayMs = 0;
    }

    const second = connect(t, { token: t.adminToken });
    await run(second.client, '{ me { id } }');
    const third = connect(t, { token: t.adminToken });
    expect((await third.closed).code).toBe(4403);
    await Promise.all([client.dispose(), second.client.dispose(), third.client.dispose()]);
  });
});

describe('GraphQL errors in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startProductionTestApp();
  });
  afterAll(() => t.close());

  it('hide an unexpected database failure behind an error id: no SQL, table names, stack or paths', async () => {
    // The table goes missing under the running server: the query fails in a way no code expects,
    // while the token check (on users) still works. It is put back before the server stops,
    // which otherwise waits on work that needs the table.
    const sql = async (statement: string) => {
      const client = new pg.Client({ connectionString: t.database.url });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await sql('ALTER TABLE dmarc_reports RENAME TO dmarc_reports_gone');
    let result: Awaited<ReturnType<TestApp['graphql']>>;
    try {
      result = await t.graphql('{ reports(first: 1) { totalCount } }');
    } finally {
      await sql('ALTER TABLE dmarc_reports_gone RENAME TO dmarc_reports');
    }
    const error = result.errors?.[0];
    expect(error?.message).toMatch(/^Internal server error \(error id [0-9a-f-]{36}\)$/);
    expect(error?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(JSON.stringify(result)).not.toMatch(/select|dmarc_reports|relation|stack|\/work|node_modules/i);
  });
});
