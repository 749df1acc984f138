import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../../entities/roles.js';
import { capturingLogger, type CapturedLogger } from '../support/silent-logger.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

/**
 * TRUST_PROXY over real sockets. The test plays a reverse proxy at 127.0.0.2 (the only trusted
 * address) and direct clients at other loopback addresses. Behind the proxy each forwarded client
 * has its own rate limit, lockouts, WebSocket cap and log lines; a direct client that writes an
 * X-Forwarded-For header of its own is not believed: it is keyed, limited and logged by its own
 * address, whatever it claims.
 */
const PROXY = '127.0.0.2';
const PROTOCOL = 'graphql-transport-ws';

interface Answer {
  readonly status: number;
  readonly body: string;
}

describe('TRUST_PROXY: clients behind a trusted proxy, and spoofed headers', () => {
  let t: TestApp;
  let log: CapturedLogger;
  beforeAll(async () => {
    log = capturingLogger('info');
    t = await startTestApp({
      logger: log.logger,
      env: {
        TRUST_PROXY: `${PROXY}, 10.0.0.0/8`,
        RATE_LIMIT_PER_MINUTE: '6',
        RATE_LIMIT_USER_PER_MINUTE: '10000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '100',
        LOGIN_MAX_ATTEMPTS: '2',
        GRAPHQL_WS_MAX_CONNECTIONS_PER_IP: '2',
      },
    });
  });
  afterAll(() => t.close());

  /** One HTTP request from `from` (a loopback address), with `forwardedFor` as X-Forwarded-For when given. */
  const send = (from: string, forwardedFor: string | null, options: { method?: string; path?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const { port } = new URL(t.app.url);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: Number(port),
          localAddress: from,
          agent: false,
          method: options.method ?? 'GET',
          path: options.path ?? '/nothing-here',
          headers: { ...(forwardedFor === null ? {} : { 'x-forwarded-for': forwardedFor }), ...options.headers },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  const graphql = (from: string, forwardedFor: string | null, query: string, variables: Record<string, unknown>, token?: string) =>
    send(from, forwardedFor, {
      method: 'POST',
      path: '/graphql',
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  /** Where the request log says a request came from (fastify's request.ip, the same trust). */
  const loggedAddresses = (path: string) => log.lines.filter((l) => l.msg === 'incoming request' && (l.req as { url: string }).url === path).map((l) => (l.req as { remoteAddress: string }).remoteAddress);

  it('HTTP rate limit: one budget per forwarded client; a spoofed header from a direct client changes nothing', async () => {
    const behindProxy = [];
    for (let i = 0; i < 7; i++) behindProxy.push((await send(PROXY, '198.51.100.10', { path: '/proxied-1' })).status);
    expect(behindProxy).toEqual([404, 404, 404, 404, 404, 404, 429]);
    // Another client behind the same proxy has its own budget, and so has the proxy itself.
    expect((await send(PROXY, '198.51.100.11', { path: '/proxied-2' })).status).toBe(404);
    expect((await send(PROXY, null, { path: '/proxied-3' })).status).toBe(404);
    expect(loggedAddresses('/proxied-1')).toEqual(Array<string>(7).fill('198.51.100.10'));
    expect(loggedAddresses('/proxied-2')).toEqual(['198.51.100.11']);
    expect(loggedAddresses('/proxied-3')).toEqual([PROXY]);

    // A direct client inventing a new address on every request still spends its own budget.
    const direct = [];
    for (let i = 0; i < 7; i++) direct.push((await send('127.0.0.3', `203.0.113.${i + 1}`, { path: '/spoofed' })).status);
    expect(direct).toEqual([404, 404, 404, 404, 404, 404, 429]);
    expect(new Set(loggedAddresses('/spoofed'))).toEqual(new Set(['127.0.0.3']));
    expect(log.lines.filter((l) => l.msg === 'Rate limit exceeded').map((l) => l.ip)).toEqual(['198.51.100.10', '127.0.0.3']);
  });

  it('the proxy appends the real client: what the client wrote before it is not believed', async () => {
    // The client sent "X-Forwarded-For: 192.0.2.66"; the proxy appended the address it saw.
    expect((await send(PROXY, '192.0.2.66, 198.51.100.12', { path: '/appended' })).status).toBe(404);
    // A chain of trusted proxies (10.0.0.0/8) is walked back to the first untrusted address.
    expect((await send(PROXY, '192.0.2.67, 198.51.100.13, 10.1.2.3', { path: '/chained' })).status).toBe(404);
    expect(loggedAddresses('/appended')).toEqual(['198.51.100.12']);
    expect(loggedAddresses('/chained')).toEqual(['198.51.100.13']);
  });

  it('login lockouts are per forwarded address; a direct client cannot dodge its own with a header', async () => {
    const email = 'locked-behind-proxy@example.com';
    await t.app.services.auth.users.createUser({ email, role: Role.VIEWER, password: TEST_PASSWORD });
    const login = (from: string, forwardedFor: string | null, password: string) =>
      graphql(from, forwardedFor, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password });
    const signedIn = (answer: Answer) => (JSON.parse(answer.body) as { data?: { login?: { token?: string } } | null }).data?.login?.token !== undefined;

    for (let i = 0; i < 2; i++) expect(signedIn(await login(PROXY, '198.51.100.20', 'wrong password'))).toBe(false);
    // Locked for 198.51.100.20 only: the owner behind the same proxy, elsewhere, still signs in.
    expect(signedIn(await login(PROXY, '198.51.100.20', TEST_PASSWORD))).toBe(false);
    expect(signedIn(await login(PROXY, '198.51.100.21', TEST_PASSWORD))).toBe(true);
    const failures = log.lines.filter((l) => l.msg === 'Authentication failed' && l.email === email);
    expect(failures.map((l) => [l.clientIp, l.reason])).toEqual([
      ['198.51.100.20', 'wrong-password'],
      ['198.51.100.20', 'wrong-password'],
      ['198.51.100.20', 'locked'],
    ]);
    expect(log.lines.find((l) => l.msg === 'Account locked after repeated failed logins')).toMatchObject({ clientIp: '198.51.100.20' });

    // A direct client guessing with a new header each time is locked out as itself.
    for (let i = 0; i < 2; i++) expect(signedIn(await login('127.0.0.4', `203.0.113.${20 + i}`, 'wrong password'))).toBe(false);
    expect(signedIn(await login('127.0.0.4', '203.0.113.99', TEST_PASSWORD))).toBe(false);
    expect(log.lines.filter((l) => l.msg === 'Authentication failed' && l.clientIp === '127.0.0.4')).toHaveLength(3);
  });

  it('WebSocket upgrades: the per-IP socket cap and the upgrade rate limit key on the forwarded client', async () => {
    const held: WebSocket[] = [];
    try {
      held.push(await openSocket(t, PROXY, '198.51.100.30'), await openSocket(t, PROXY, '198.51.100.30'));
      expect(await upgradeStatus(t, PROXY, '198.51.100.30')).toBe(429);
      expect(await upgradeStatus(t, PROXY, '198.51.100.31')).toBe(101);
      expect(log.lines.find((l) => l.msg === 'WebSocket upgrade refused: too many sockets from this address')).toMatchObject({ ip: '198.51.100.30' });

      // Spoofed headers from a direct client: its sockets count as its own, whatever they claim.
      held.push(await openSocket(t, '127.0.0.5', '203.0.113.30'), await openSocket(t, '127.0.0.5', '203.0.113.31'));
      expect(await upgradeStatus(t, '127.0.0.5', '203.0.113.32')).toBe(429);
      expect(log.lines.filter((l) => l.msg === 'WebSocket upgrade refused: too many sockets from this address').map((l) => l.ip)).toEqual(['198.51.100.30', '127.0.0.5']);
    } finally {
      for (const socket of held) socket.terminate();
    }
  });

  it('a login over a WebSocket behind the proxy is logged and locked out by the forwarded client', async () => {
    const socket = await openSocket(t, PROXY, '198.51.100.40');
    try {
      const messages: { type: string; id?: string }[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { token: t.adminToken } }));
      await eventually(() => expect(messages.map((m) => m.type)).toContain('connection_ack'));
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: 'mutation { login(email: "admin@example.com", password: "not it") { token } }' },
        }),
      );
      await eventually(() => expect(messages.some((m) => m.id === '1' && m.type === 'complete')).toBe(true));
      expect(log.lines.filter((l) => l.msg === 'Authentication failed' && l.email === 'admin@example.com').map((l) => l.clientIp)).toEqual(['198.51.100.40']);
    } finally {
      socket.terminate();
    }
  });

  it('webhook audit lines name the forwarded client', async () => {
    const answer = await graphql(PROXY, '198.51.100.50', 'mutation { createWebhook(url: "http://127.0.0.1:9/hook") { webhook { id } } }', {}, t.adminToken);
    expect(answer.status).toBe(200);
    expect(log.lines.find((l) => l.msg === 'webhook created')).toMatchObject({ by: 'admin@example.com', clientIp: '198.51.100.50' });
  });
});

describe('TRUST_PROXY as a hop count, and off', () => {
  it('trusts that many nearest hops whatever their address; off, the TCP peer is the client', async () => {
    for (const [setting, expected] of [
      ['1', '198.51.100.60'],
      ['2', '203.0.113.60'],
      ['false', '127.0.0.6'],
    ] as const) {
      const log = capturingLogger('info');
      const t = await startTestApp({ logger: log.logger, env: { TRUST_PROXY: setting } });
      try {
        const { port } = new URL(t.app.url);
        const status = await new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.6', agent: false, path: '/hops', headers: { 'x-forwarded-for': '192.0.2.60, 203.0.113.60, 198.51.100.60' } },
            (response) => {
              response.resume();
              resolve(response.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
        expect(status).toBe(404);
        const line = log.lines.find((l) => l.msg === 'incoming request' && (l.req as { url: string }).url === '/hops');
        expect((line?.req as { remoteAddress: string }).remoteAddress, `TRUST_PROXY=${setting}`).toBe(expected);
      } finally {
        await t.close();
      }
    }
  });
});

/** An open graphql-ws socket from `from`, the upgrade carrying `forwardedFor`. */
function openSocket(t: TestApp, from: string, forwardedFor: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${t.app.url.replace('http', 'ws')}/graphql`, PROTOCOL, { localAddress: from, headers: { 'x-forwarded-for': forwardedFor } });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** The status an upgrade gets (101 when accepted; that socket is closed again). */
function upgradeStatus(t: TestApp, from: string, forwardedFor: string): Promise<number> {
  return openSocket(t, from, forwardedFor).then(
    (socket) => {
      socket.terminate();
      return 101;
    },
    (error: Error) => Number(/upgrade refused: (\d+)/.exec(error.message)?.[1] ?? 0),
  );
}

async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
