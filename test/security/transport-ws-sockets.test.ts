import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../../entities/roles.js';
import { capturingLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connect, run } from '../support/websocket-client.js';
import { parseExposition, total } from '../support/prometheus-text.js';

/**
 * Hostile WebSocket shapes against the transport's bounds: huge messages, upgrade floods, many
 * sockets from one address, a client that stops reading, a peer that stops answering pings. Each
 * is refused with its typed answer (HTTP status or close code) and the server keeps serving.
 */

const MiB = 1024 * 1024;
const PROTOCOL = 'graphql-transport-ws';

describe('WebSocket transport bounds', () => {
  let t: TestApp;
  const log = capturingLogger('info');
  beforeAll(async () => {
    t = await startTestApp({
      logger: log.logger,
      env: {
        RATE_LIMIT_PER_MINUTE: '20',
        RATE_LIMIT_USER_PER_MINUTE: '5000',
        GRAPHQL_WS_MAX_CONNECTIONS_PER_IP: '3',
        GRAPHQL_WS_MAX_OPERATIONS: '1000',
        GRAPHQL_WS_MAX_BUFFERED_BYTES: String(64 * 1024),
      },
    });
  });
  afterAll(() => t.close());

  const wsUrl = () => `${t.app.url.replace('http', 'ws')}/graphql`;
  const stillServing = async () => {
    expect((await fetch(`${t.app.url}/health/ready`)).status).toBe(200);
    const { client } = connect(t, { token: t.adminToken }, { localAddress: '127.0.0.100' });
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
    await client.dispose();
  };

  it('closes an anonymous 60 MiB connection_init with 1009 as soon as its frame header announces it, without reading it', async () => {
    const socket = await handshake(t.app.url, '127.0.0.11');
    const answer = collect(socket);
    // A text frame announcing 60 MiB, then only its first 16 KiB: the server must not wait for the rest.
    socket.write(frameHeader(60 * MiB));
    socket.write(randomBytes(16 * 1024));
    const received = await answer;
    expect(received[0]).toBe(0x88); // FIN + close
    expect(received.readUInt16BE(2)).toBe(1009); // Message Too Big
    expect(socket.bytesWritten).toBeLessThan(32 * 1024);

    await stillServing();
  });

  it('counts every upgrade against the per-IP rate limit: 429 past RATE_LIMIT_PER_MINUTE', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push(await upgradeStatus(wsUrl(), '127.0.0.13'));
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(101));
    expect(statuses[20]).toBe(429);
    await stillServing();
  });

  it('caps the sockets one address holds open (GRAPHQL_WS_MAX_CONNECTIONS_PER_IP), authenticated or not', async () => {
    const open = await Promise.all([1, 2, 3].map(() => openSocket(wsUrl(), '127.0.0.14')));
    expect(await upgradeStatus(wsUrl(), '127.0.0.14')).toBe(429);
    // Another address is not affected, and a closed socket frees its place.
    expect(await upgradeStatus(wsUrl(), '127.0.0.15')).toBe(101);
    await closeSocket(open[0]!);
    // Every try is an upgrade counted by the per-IP rate limit (20): poll slowly, a dozen tries at most.
    await eventually(async () => expect(await upgradeStatus(wsUrl(), '127.0.0.14')).toBe(101), 3_000, 250);
    await Promise.all(open.slice(1).map(closeSocket));
    await stillServing();
  });

  it('closes a client that stops reading with 1013 once its unsent data passes GRAPHQL_WS_MAX_BUFFERED_BYTES', { timeout: 90_000 }, async () => {
    const socket = await openSocket(wsUrl(), '127.0.0.16');
    const messages: { type: string }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { token: await t.userToken(Role.VIEWER) } }));
    await eventually(() => expect(messages.map((m) => m.type)).toContain('connection_ack'));

    // The client stops reading (ws's own pause: pausing its TCP socket directly would be undone by
    // ws as soon as its parser drains): what the server sends piles up in the kernel, then in the server.
    socket.pause();
    // Each answer is about 73 KB (the schema, introspected); 150 of them (11 MB) are more than twice
    // what the kernel's socket buffers hold for a reader that does not read (a 4 MiB send buffer at most here).
    const sent = 150;
    const bigAnswer =
      '{ __schema { types { name kind description fields { name description args { name description type { name kind } } ' +
      'type { name kind ofType { name kind } } } inputFields { name description type { name kind } } enumValues { name description } } } }';
    for (let id = 1; id <= sent; id++) {
      socket.send(JSON.stringify({ id: String(id), type: 'subscribe', payload: { query: bigAnswer } }));
      // Five at a time: each operation re-checks the credential in PostgreSQL, and a burst of 150
      // would queue on the connection pool instead of producing answers.
      if (id % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(() => expect(log.lines.some((line) => line.msg === 'WebSocket closed: slow consumer')).toBe(true), 60_000, 100);

    // Reading again: what had been sent arrives, then the close frame, 1013; the rest was never sent.
    socket.resume();
    expect(await closed).toBe(1013);
    expect(messages.filter((m) => m.type === 'next').length).toBeLessThan(sent);
    // Operators see it in the metrics.
    expect(total(parseExposition(await t.app.services.metrics.exposition()), 'dmarc_websocket_slow_consumers_closed_total')).toBe(1);
    await stillServing();
  });
});

describe('WebSocket heartbeats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GRAPHQL_WS_KEEPALIVE_MS: '200' } });
  });
  afterAll(() => t.close());

  it('pings every socket and closes a peer that does not answer, keeping the ones that do', async () => {
    const url = `${t.app.url.replace('http', 'ws')}/graphql`;
    const silent = new WebSocket(url, PROTOCOL, { autoPong: false });
    silent.on('error', () => {});
    let pings = 0;
    silent.on('ping', () => pings++);
    const silentClosed = new Promise<number>((resolve) => silent.once('close', resolve));
    await new Promise((resolve) => silent.once('open', resolve));
    silent.send(JSON.stringify({ type: 'connection_init', payload: { token: t.adminToken } }));

    const { client, closed } = connect(t, { token: t.adminToken });
    let healthyPings = 0;
    client.on('connected', (socket) => (socket as WebSocket).on('ping', () => healthyPings++));
    let healthyClosed = false;
    void closed.then(() => (healthyClosed = true));
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });

    // Terminated (no close frame: the peer is presumed gone), after a ping it never answered.
    expect(await silentClosed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    // The answering client lives through several more rounds of pings and still works.
    const pingsThen = healthyPings;
    await eventually(() => expect(healthyPings).toBeGreaterThanOrEqual(pingsThen + 3), 10_000);
    expect(healthyClosed).toBe(false);
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
    await client.dispose();
  });
});

/** A raw TCP connection that has completed the WebSocket handshake (graphql-transport-ws), from `localAddress`. */
async function handshake(baseUrl: string, localAddress: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  const socket = tcpConnect({ host: hostname, port: Number(port), localAddress });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    `GET /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${PROTOCOL}\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      resolve(text);
    };
    socket.on('data', onData).once('error', reject);
  });
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  return socket;
}

/** A masked client text frame header announcing `length` bytes. */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81; // FIN + text
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

/** Everything the server sends until it closes the connection. */
function collect(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))));
}

/** The HTTP status an upgrade from `localAddress` gets (101 when it is accepted; the socket is closed again). */
function upgradeStatus(url: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, PROTOCOL, { localAddress });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response|closed before/.test(error.message)) reject(error);
    });
  });
}

function openSocket(url: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, PROTOCOL, { localAddress });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  // Sockets that never send connection_init are closed by the server after 3 s (4408).
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

/** Retries `assertion` every `intervalMs` until it passes or `timeoutMs` is over (then its last failure is thrown). */
async function eventually(assertion: () => unknown, timeoutMs = 5_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
