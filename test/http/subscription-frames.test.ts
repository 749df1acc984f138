import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { NextFrames, textFrame } from '../../src/http/subscription-frames.js';

/** What a real WebSocket client receives when a server writes `bytes` to the connection under its socket. */
async function received(bytes: Buffer, count: number): Promise<{ text: string; binary: boolean }[]> {
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer();
  http.on('upgrade', (request, socket: Duplex, head) => wss.handleUpgrade(request, socket, head, () => socket.write(bytes)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  try {
    return await new Promise((resolve, reject) => {
      const messages: { text: string; binary: boolean }[] = [];
      client.on('error', reject);
      client.on('message', (data: Buffer, binary: boolean) => {
        messages.push({ text: data.toString('utf8'), binary });
        if (messages.length === count) resolve(messages);
      });
    });
  } finally {
    client.terminate();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
}

describe('subscription frames', () => {
  it('are text frames a client reads as sent, at every length encoding, and several in one write', async () => {
    const texts = [0, 125, 126, 65_535, 65_536, 70_000].map((n) => `é${'x'.repeat(Math.max(0, n - 2))}`);
    const frames = texts.map((text) => textFrame(Buffer.from(text)));
    expect(await received(Buffer.concat(frames), texts.length)).toEqual(texts.map((text) => ({ text, binary: false })));
  });

  it('encode the next message of a result once per operation id', async () => {
    const frames = new NextFrames();
    const json = '{"data":{"alertRaised":{"id":"a1"}}}';
    const first = frames.of('1', json);
    expect(frames.of('1', json)).toBe(first);
    const other = frames.of('7', json);
    expect(await received(Buffer.concat([first, other]), 2)).toEqual([
      { text: `{"id":"1","type":"next","payload":${json}}`, binary: false },
      { text: `{"id":"7","type":"next","payload":${json}}`, binary: false },
    ]);
    expect(frames.of('1', '{"data":null}')).not.toBe(first);
  });
});
