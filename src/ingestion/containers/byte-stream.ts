/** Small tools for async byte streams, the form every container layer hands down. */

export type ByteStream = AsyncIterable<Uint8Array>;

export async function* streamOf(...chunks: Uint8Array[]): ByteStream {
  yield* chunks;
}

/** The first `count` bytes (fewer if the stream is shorter) and the whole stream, unconsumed. */
export async function peekBytes(stream: ByteStream, count: number): Promise<{ head: Buffer; stream: ByteStream }> {
  const iterator = stream[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < count) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  // A single chunk (a whole in-memory document, usually) is viewed, not copied.
  const [only] = taken;
  const head = taken.length === 1 && only !== undefined ? Buffer.from(only.buffer, only.byteOffset, only.length) : Buffer.concat(taken);
  async function* replay(): ByteStream {
    yield* taken;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, count), stream: replay() };
}

/** Passes the stream through, calling `onBytes` with the running total before each chunk. */
export async function* countBytes(stream: ByteStream, onBytes: (total: number) => void): ByteStream {
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}

/**
 * The whole stream in one buffer; containers that need random access (zip, MIME) use this.
 * `tooLarge` is thrown as soon as more than `maxBytes` arrive, before they are all held.
 */
export async function collectBytes(stream: ByteStream, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/** Rethrows foreign errors (zlib, yauzl) from a stream as ours; our own errors pass unchanged. */
export async function* translateErrors(stream: AsyncIterable<Uint8Array>, translate: (error: unknown) => Error): ByteStream {
  try {
    yield* stream;
  } catch (error) {
    throw translate(error);
  }
}
