import { describe, expect, it } from 'vitest';
import { Receiver } from 'ws';
import { NextFrames, textFrame } from '../../src/http/subscription-frames.js';

/** What a WebSocket client (ws' own parser) reads from `bytes`. */
function parse(bytes: Buffer): Promise<{ text: string; binary: boolean }[]> {
  return new Promise((resolve, reject) => {
    const messages: { text: string; binary: boolean }[] = [];
    const receiver = new Receiver({ isServer: false, maxPayload: 1 << 20 });
    receiver.on('message', (data: Buffer, binary: boolean) => messages.push({ text: data.toString('utf8'), binary }));
    receiver.on('error', reject);
    receiver.write(bytes, () => resolve(messages));
  });
}

describe('subscription frames', () => {
  it('are text frames a client reads as sent, at every length encoding, and several in one write', async () => {
    const texts = [0, 125, 126, 65_535, 65_536, 70_000].map((n) => `é${'x'.repeat(Math.max(0, n - 2))}`);
    const frames = texts.map((text) => textFrame(Buffer.from(text)));
    expect(await parse(Buffer.concat(frames))).toEqual(texts.map((text) => ({ text, binary: false })));
  });

  it('encode the next message of a result once per operation id', async () => {
    const frames = new NextFrames();
    const json = '{"data":{"alertRaised":{"id":"a1"}}}';
    const first = frames.of('1', json);
    expect(frames.of('1', json)).toBe(first);
    const other = frames.of('7', json);
    expect(await parse(Buffer.concat([first, other]))).toEqual([
      { text: `{"id":"1","type":"next","payload":${json}}`, binary: false },
      { text: `{"id":"7","type":"next","payload":${json}}`, binary: false },
    ]);
    expect(frames.of('1', '{"data":null}')).not.toBe(first);
  });
});
