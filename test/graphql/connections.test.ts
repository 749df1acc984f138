import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every connection of the schema pages the same way (src/pagination/): `first` checked against the
 * list's maximum, opaque cursors that are refused with the same BAD_USER_INPUT when a client edits
 * them or passes one of another list. The list is read from the schema, so a new connection is
 * checked here without a line of its own.
 */
describe('every connection in the schema', () => {
  let t: TestApp;
  let connections: { field: string; max: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    const query = (await buildGraphQLSchema()).getQueryType()!;
    connections = Object.values(query.getFields())
      .filter((field) => getNamedType(field.type).name.endsWith('Connection'))
      .map((field) => {
        const first = field.args.find((arg) => arg.name === 'first');
        return { field: field.name, max: Number(/^1 to (\d+)\.$/.exec(first?.description ?? '')?.[1]) };
      });
    // A refused upload: the quarantine has a row, so one list has a real cursor to pass to the others.
    await t.app.http.inject({ method: 'POST', url: '/reports', headers: { ...t.headersFor(), 'content-type': 'application/xml' }, payload: '<feedback>' });
  });
  afterAll(() => t.close());

  it('are the Relay connections the README lists, each with `first` (its maximum in the description) and `after`', async () => {
    expect(connections.map((c) => c.field).sort()).toEqual(['alerts', 'anomalies', 'failureReports', 'mlModels', 'refusedReports', 'reports', 'senders', 'tlsReports', 'webhookDeliveries']);
    const schema = await buildGraphQLSchema();
    for (const { field, max } of connections) {
      expect(max, `${field}: first's description says its maximum`).toBeGreaterThan(0);
      const type = getNamedType(schema.getQueryType()!.getFields()[field]!.type);
      expect(isObjectType(type) && Object.keys(type.getFields()), field).toEqual(expect.arrayContaining(['edges', 'pageInfo', 'totalCount']));
      expect(schema.getQueryType()!.getFields()[field]!.args.find((arg) => arg.name === 'after')?.description, field).toMatch(/opaque/);
    }
  });

  it('refuse `first` outside 1 to their maximum, naming the argument', async () => {
    for (const { field, max } of connections) {
      for (const first of [0, max + 1]) {
        const result = await t.graphql(`{ ${field}(first: ${first}) { totalCount } }`);
        expect(result.errors?.[0]?.extensions?.code, `${field}(first: ${first})`).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message, field).toBe(`first must be between 1 and ${max}, got ${first}`);
      }
    }
  });

  it('refuse a cursor they did not make, with one message', async () => {
    const refusedCursor = (await t.graphql<{ refusedReports: { edges: { cursor: string }[] } }>('{ refusedReports(first: 1) { edges { cursor } } }')).data!.refusedReports.edges[0]!.cursor;
    const forged = [
      'not-a-cursor',
      Buffer.from('[]').toString('base64url'),
      Buffer.from('{"id":1}').toString('base64url'),
    ];
    for (const { field } of connections) {
      for (const after of field === 'refusedReports' ? forged : [...forged, refusedCursor]) {
        const result = await t.graphql(`query ($after: String) { ${field}(first: 1, after: $after) { totalCount } }`, { after });
        expect(result.errors?.[0]?.extensions?.code, `${field}(after: ${after})`).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message, field).toBe(`invalid cursor "${after}": use a pageInfo.endCursor or edge cursor as returned`);
      }
    }
  });

  it('end an empty or last page with hasNextPage false and, when empty, no endCursor', async () => {
    for (const { field } of connections) {
      const result = await t.graphql<Record<string, { totalCount: number; edges: { cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>>(
        `{ ${field}(first: 5) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`,
      );
      expect(result.errors, field).toBeUndefined();
      const page = result.data![field]!;
      expect(page.pageInfo.hasNextPage, field).toBe(false);
      expect(page.pageInfo.endCursor, field).toBe(page.edges.at(-1)?.cursor ?? null);
      expect(page.edges.length, field).toBe(page.totalCount);
    }
  });
});
