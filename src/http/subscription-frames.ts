import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Subscription results on their way to WebSockets, as ready-made frames.
 *
 * Why not `ws.send` per result: a detection run's burst is ~33 results for each of 10,000 sockets.
 * Each `send` frames the message again, is its own stream write with its own bookkeeping, and is
 * its own system call; measured, that was most of the server's time in a burst. Here a result's
 * graphql-ws `next` message is framed once for every subscriber using the same operation id
 * (clients often do: ids count up from 1), and a socket's results of one burst leave in one write.
 *
 * Writing frames to the connection under `ws` is sound: frames from a server are never masked
 * (RFC 6455 §5.1); the only extension ws knows, permessage-deflate (off here), allows uncompressed
 * messages (RSV1 clear) too; `ws` writes each of its own frames synchronously in one go, so frames
 * never interleave; and nothing is written once the socket is closing.
 */

/** One RFC 6455 text frame (FIN, opcode 1, unmasked) holding `payload`. */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}

/**
 * The `next` frame of one result for one operation id. The hub sends a result to all of its
 * subscribers before the next result, so remembering the frames of the latest result is enough.
 */
export class NextFrames {
  #json: string | undefined;
  readonly #byId = new Map<string, Buffer>();

  of(id: string, resultJson: string): Buffer {
    if (resultJson !== this.#json) {
      this.#json = resultJson;
      this.#byId.clear();
    }
    let frame = this.#byId.get(id);
    if (!frame) {
      frame = textFrame(Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":${resultJson}}`));
      // Random ids (UUIDs) never repeat: a bound keeps them from filling the map.
      if (this.#byId.size < 64) this.#byId.set(id, frame);
    }
    return frame;
  }
}

/** Frames queued for one socket until the end of the current tick, then written in one system call. */
export class FrameBatch {
  #frames: Buffer[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly connection: Duplex,
  ) {}

  queue(frame: Buffer): void {
    if (this.#frames.push(frame) === 1) process.nextTick(() => this.#flush());
  }

  #flush(): void {
    const frames = this.#frames;
    this.#frames = [];
    // A socket closed meanwhile (its close frame is out) gets no data frame after it.
    if (this.socket.readyState !== this.socket.OPEN || !this.connection.writable) return;
    // Corked, the frames leave in one writev that points at the shared frames: concatenating
    // them instead allocated a buffer per socket and burst, which measured slower than the writes.
    this.connection.cork();
    for (const frame of frames) this.connection.write(frame);
    this.connection.uncork();
  }
}
