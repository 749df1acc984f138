import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestAppBehindProxy, type ProxiedTestApp } from '../support/test-app.js';

describe('graceful shutdown', () => {
  let t: ProxiedTestApp;

  beforeAll(async () => {
    t = await startTestAppBehindProxy();
  });
  afterAll(() => t.close());

  it('finishes in-flight requests, closes websockets, then refuses new connections', async () => {
    const ws = createClient({ url: `${t.app.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { token: t.adminToken }, lazy: false, retryAttempts: 0, onNonLazyError: () => {} });
    const closed = new Promise<{ code: number }>((resolve) => ws.on('closed', (event) => resolve(event as { code: number })));
    const overWs = await new Promise<unknown>((resolve, reject) => {
      ws.subscribe({ query: '{ serverInfo { name } }' }, { next: resolve, error: reject, complete: () => {} });
    });
    expect(overWs).toEqual({ data: { serverInfo: { name: 'dmarc-analytics' } } });

    // Every PostgreSQL answer now takes 400 ms, so this request is still running when stop begins.
    t.postgres.delayMs = 400;
    // Stop begins once the request is being handled: its credential check has reached PostgreSQL
    // (a fixed wait was too short on a busy machine).
    const atDatabase = new Promise<void>((resolve) => {
      t.postgres.cutWhen = (chunk) => {
        if (/from "users"/.test(chunk.toString())) resolve();
        return false;
      };
    });
    // Over a socket (not t.graphql's inject): what is tested is a connection open when stop begins.
    const inFlight = fetch(`${t.app.url}/graphql`, {
      method: 'POST',
      headers: t.headersFor(),
      body: JSON.stringify({ query: '{ serverInfo { ready dependencies { name status } } }' }),
    }).then((response) => response.json() as Promise<{ data?: { serverInfo: { ready: boolean } } }>);
    await atDatabase;
    const stopping = t.app.stop();

    const answer = await inFlight;
    expect(answer.data?.serverInfo.ready).toBe(true);
    expect((await closed).code).toBe(1001);
    await stopping;
    await expect(fetch(`${t.app.url}/health`)).rejects.toThrow();
    await ws.dispose();
  });
});
