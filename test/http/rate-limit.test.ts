import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { request } from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GraphQLContext } from '../../src/graphql/context.js';
import { loadConfig } from '../../src/config/config.js';
import { operationPipelinePlugin } from '../../src/graphql/pipeline/apollo-plugin.js';
import { OperationPipeline } from '../../src/graphql/pipeline/operation-pipeline.js';
import { RateLimitGate } from '../../src/rate-limit/rate-limit-gate.js';
import { freePort } from '../support/ports.js';
import { capturingLogger, type CapturedLogger } from '../support/silent-logger.js';
import { createTestDatabase } from '../support/stores.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type ErrorBody = { error: { code: string; message: string; requestId: string } };
type GraphQLBody = { errors?: { message: string; extensions: { code: string; retryAfterSeconds?: number } }[] };

/** A GraphQL POST from another loopback address (another client IP); resolves with its status. */
const postFrom = (t: TestApp, localAddress: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const call = request(`${t.app.url}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    });
    call.on('error', reject);
    call.end(JSON.stringify({ query: '{ __typename }' }));
  });

// fetch directly: the test app's graphql() helper may add credentials, and these tests need none.
const post = (t: TestApp, query: string) =>
  fetch(`${t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

const rateLimitLines = (log: CapturedLogger) => log.lines.filter((line) => line.msg === 'Rate limit exceeded');

describe('per-IP HTTP rate limit', () => {
  let t: TestApp;
  const log = capturingLogger('warn');
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '1000' }, logger: log.logger });
  });
  afterAll(() => t.close());

  it('never limits health checks', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await fetch(`${t.app.url}/health`)).status).toBe(200);
      expect((await fetch(`${t.app.url}/health/ready`)).status).toBe(200);
    }
  });

  it('answers 429 with Retry-After and RATE_LIMITED past the limit, and logs it', async () => {
    for (let i = 0; i < 3; i++) expect((await post(t, '{ __typename }')).status).toBe(200);
    const refused = await post(t, '{ __typename }');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.requestId).toBe(refused.headers.get('x-request-id'));

    // Any route counts, not only GraphQL; health checks still pass.
    expect((await fetch(`${t.app.url}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(429);
    expect((await fetch(`${t.app.url}/health/ready`)).status).toBe(200);

    const line = rateLimitLines(log).find((l) => l.route === '/graphql');
    expect(line).toMatchObject({ level: 40, ip: '127.0.0.1', keyType: 'ip', route: '/graphql' });
  });
});

describe('a flood from one client', () => {
  let t: TestApp;
  const log = capturingLogger('info');
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '1000' }, logger: log.logger });
  });
  afterAll(() => t.close());

  it('is refused before the body is read, with a small 429, and logged once rather than per request', async () => {
    for (let i = 0; i < 3; i++) expect((await post(t, '{ __typename }')).status).toBe(200);
    const refusals = await Promise.all(Array.from({ length: 20 }, () => post(t, '{ __typename }')));
    expect(refusals.map((r) => r.status)).toEqual(Array(20).fill(429));
    for (const refused of refusals) {
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const text = await refused.text();
      expect(text.length).toBeLessThan(200);
      expect(JSON.parse(text)).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests; retry in \d+ s$/), requestId: refused.headers.get('x-request-id') } });
    }
    // A body far over the GraphQL limit is refused the same way, unread (no 413); its connection is
    // closed, so the server's shutdown (afterAll) does not wait on a half-sent request.
    expect((await post(t, `{ __typename } # ${'x'.repeat(500 * 1024)}`)).status).toBe(429);

    expect(rateLimitLines(log)).toEqual([expect.objectContaining({ level: 40, ip: '127.0.0.1', keyType: 'ip', route: '/graphql', retryAfterSeconds: expect.any(Number) })]);
    // The request logs stop once the client is over its limit: three served requests and the
    // first refusal came in, three completed; nothing for the 21 refusals after.
    const requestLines = log.lines.filter((line) => line.msg === 'incoming request' || line.msg === 'request completed');
    expect(requestLines.filter((line) => line.msg === 'incoming request')).toHaveLength(4);
    expect(requestLines.filter((line) => line.msg === 'request completed')).toHaveLength(3);
  });
});

describe('a flood on keep-alive connections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it('gets its refusals held, so another client sent at the same time is answered first', async () => {
    for (let i = 0; i < 3; i++) expect(await postFrom(t, '127.0.0.3')).toBe(200);
    expect(await postFrom(t, '127.0.0.3')).toBe(429); // the first refusal comes at once

    const finished: string[] = [];
    const flood = Array.from({ length: 10 }, () => postFrom(t, '127.0.0.3').then((status) => finished.push(`flood ${status}`)));
    const other = postFrom(t, '127.0.0.4').then((status) => finished.push(`other ${status}`));
    await Promise.all([...flood, other]);
    expect(finished).toEqual(['other 200', ...Array(10).fill('flood 429')]);
  });
});

describe('RateLimitGate', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a key over its limit without asking the limiter again, and logs its refusals once per window with their count', async () => {
    vi.useFakeTimers();
    const log = capturingLogger('warn');
    const limiter = new RateLimiterMemory({ keyPrefix: 'gate', points: 2, duration: 60 });
    const gate = new RateLimitGate(limiter, log.logger);
    const fields = { ip: '203.0.113.9', keyType: 'ip' };
    expect((await gate.consume('203.0.113.9', 1, log.logger, fields)).allowed).toBe(true);
    expect((await gate.consume('203.0.113.9', 1, log.logger, fields)).allowed).toBe(true);
    expect(await gate.consume('203.0.113.9', 1, log.logger, fields)).toEqual({ allowed: false, retryAfterSeconds: 60, retryAfterMs: 60_000 });
    expect(gate.refusedFor('203.0.113.9')).toBe(60);
    expect((await gate.consume('203.0.113.9', 1, log.logger, fields)).allowed).toBe(false);
    // The store saw three requests; the last two refusals never reached it.
    expect((await limiter.get('203.0.113.9'))?.consumedPoints).toBe(3);
    expect(gate.refusedFor('198.51.100.1')).toBe(0);
    expect(rateLimitLines(log)).toEqual([expect.objectContaining(fields)]);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.lines.filter((line) => line.msg === 'Rate limit exceeded: window over')).toEqual([expect.objectContaining({ ...fields, refused: 3 })]);
    expect(gate.refusedFor('203.0.113.9')).toBe(0);
    expect((await gate.consume('203.0.113.9', 1, log.logger, fields)).allowed).toBe(true);
    gate.close();
  });
});

describe('GraphQL per-principal rate limit in the application (anonymous: keyed by IP)', () => {
  let t: TestApp;
  const log = capturingLogger('warn');
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_USER_PER_MINUTE: '2' }, logger: log.logger });
  });
  afterAll(() => t.close());

  it('refuses the operation with extensions.code RATE_LIMITED, HTTP 429 and Retry-After', async () => {
    for (let i = 0; i < 2; i++) expect((await post(t, '{ __typename }')).status).toBe(200);
    const refused = await post(t, '{ __typename }');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(body.errors?.[0]?.extensions.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')));
    // Apollo moves extensions.http into the response; it must not leak into the body.
    expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(rateLimitLines(log)[0]).toMatchObject({ ip: '127.0.0.1', keyType: 'ip' });
  });
});

describe('operation pipeline rate limits over HTTP: login and principal keys', () => {
  // A real Apollo server on a schema with the `login` shape the auth module exposes.
  const schema = buildSchema(`
    type Query { ping: Boolean }
    type Mutation { login(email: String!, password: String!): Boolean, loginWith(input: LoginInput!): Boolean }
    input LoginInput { email: String!, password: String! }
  `);
  const resolvers = { ping: () => true, login: () => false, loginWith: () => false };
  const log = capturingLogger('warn');
  let server: ApolloServer<GraphQLContext>;

  beforeAll(async () => {
    const gates = {
      principal: new RateLimitGate(new RateLimiterMemory({ keyPrefix: 'principal', points: 4, duration: 60 }), log.logger),
      login: new RateLimitGate(new RateLimiterMemory({ keyPrefix: 'login', points: 2, duration: 60 }), log.logger),
    };
    const pipeline = new OperationPipeline({ config: loadConfig({ NODE_ENV: 'test' }), gates, passwordFields: { login: 'email-argument', loginWith: 'email-argument' } });
    server = new ApolloServer<GraphQLContext>({ schema, rootValue: resolvers, plugins: [operationPipelinePlugin(pipeline)] });
    await server.start();
  });
  afterAll(() => server.stop());

  const run = async (query: string, context: { clientIp: string; principal?: { id: string } | null }, variables?: Record<string, unknown>) => {
    const contextValue = { logger: log.logger, principal: null, ...context } as unknown as GraphQLContext;
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const error = response.body.singleResult.errors?.[0];
    return { status: response.http.status, retryAfter: response.http.headers.get('retry-after'), code: error?.extensions?.code };
  };
  const login = (email: string) => `mutation { login(email: "${email}", password: "guess") }`;

  it('limits login attempts per IP', async () => {
    const ip = { clientIp: '203.0.113.1' };
    expect((await run(login('a@example.com'), ip)).code).toBeUndefined();
    expect((await run(login('b@example.com'), ip)).code).toBeUndefined();
    const refused = await run(login('c@example.com'), ip);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(rateLimitLines(log).some((l) => l.keyType === 'login-ip' && l.ip === '203.0.113.1')).toBe(true);
    // Other operations from the same address are not login attempts.
    expect((await run('{ ping }', ip)).code).toBeUndefined();
  });

  it('limits login attempts per e-mail address across IPs, however it is spelled or passed', async () => {
    expect((await run(login('Victim@example.com'), { clientIp: '198.51.100.1' })).code).toBeUndefined();
    const byVariable = 'mutation ($e: String!) { login(email: $e, password: "x") }';
    expect((await run(byVariable, { clientIp: '198.51.100.2' }, { e: ' victim@example.com' })).code).toBeUndefined();
    const inInput = 'mutation { loginWith(input: { email: "VICTIM@example.com", password: "x" }) }';
    expect(await run(inInput, { clientIp: '198.51.100.3' })).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(rateLimitLines(log).some((l) => l.keyType === 'login-email')).toBe(true);
  });

  it('counts aliased copies and sees logins inside fragments', async () => {
    const aliased = 'mutation { a: login(email: "x1@example.com", password: "1") b: login(email: "x2@example.com", password: "2") c: login(email: "x3@example.com", password: "3") }';
    expect((await run(aliased, { clientIp: '192.0.2.10' })).code).toBe('RATE_LIMITED');
    const fragments = 'mutation { ... on Mutation { login(email: "y@example.com", password: "1") } ...L } fragment L on Mutation { again: login(email: "z@example.com", password: "2") }';
    expect((await run(fragments, { clientIp: '192.0.2.11' })).code).toBeUndefined();
    expect((await run(login('w@example.com'), { clientIp: '192.0.2.11' })).code).toBe('RATE_LIMITED');
  });

  it('keys every operation by principal, not by the address it comes from', async () => {
    for (const clientIp of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.5']) expect((await run('{ ping }', { clientIp, principal: { id: 'user-1' } })).code).toBeUndefined();
    expect((await run('{ ping }', { clientIp: '10.0.0.4', principal: { id: 'user-1' } })).code).toBe('RATE_LIMITED');
    // Another principal, and an anonymous caller on a used address, each have their own budget.
    expect((await run('{ ping }', { clientIp: '10.0.0.1', principal: { id: 'user-2' } })).code).toBeUndefined();
    expect((await run('{ ping }', { clientIp: '10.0.0.1' })).code).toBeUndefined();
    expect(rateLimitLines(log).some((l) => l.keyType === 'principal')).toBe(true);
  });
});

describe('shared counters in Redis', () => {
  it('refuses to start when REDIS_URL is set but Redis cannot be reached', async () => {
    const database = await createTestDatabase();
    try {
      const start = startTestApp({ database, env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
      const error = await start.then(() => undefined, (reason: unknown) => reason as Error);
      expect(error).toMatchObject({ code: 'STARTUP_FAILED', exitCode: 69 });
      // Said once, naming Redis: "Cannot start:\n  - Redis: cannot connect to REDIS_URL ...".
      expect(error!.message).toMatch(/^Cannot start:\n {2}- Redis: cannot connect to REDIS_URL within \d+ ms/);
      expect(error!.message.match(/Cannot start/g)).toHaveLength(1);
    } finally {
      await database.drop();
    }
  });
});
