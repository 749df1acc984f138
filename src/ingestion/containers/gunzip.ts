import { on } from 'node:events';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptArchiveError, IngestionError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { countBytes, type ByteStream } from './byte-stream.js';
import { guardDecompression, type DecompressionBudget } from './decompression-guard.js';

/**
 * Output chunk size. With zlib's default (16 KiB) the per-chunk handoffs between the thread pool,
 * the stream and the parser cost more CPU than inflating itself; at 256 KiB they are noise, and
 * the parser still decodes 64 KiB at a time.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/** Bytes at the end of the input written to zlib one at a time (see `lastBytesOneByOne`). */
const TAIL_BYTES = 64;

/**
 * Inflates a gzip stream as it arrives; truncation and corruption become CorruptArchiveError.
 * A few bytes after the last member that start no other one (a CRLF a mail gateway appended) are
 * ignored, with a warning, as gzip(1) does.
 */
export async function* gunzip(
  compressed: ByteStream,
  name: string,
  limits: IngestionLimits,
  budget: DecompressionBudget,
  warn: (message: string) => void,
): ByteStream {
  let compressedBytes = 0;
  let produced = 0;
  const tail: Tail = { bytes: new Uint8Array(0) };
  const input = Readable.from(lastBytesOneByOne(countBytes(compressed, (total) => (compressedBytes = total)), tail));
  const inflater = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of guardDecompression(outputBeforeError(inflater), `gzip ${name}`, () => compressedBytes, limits, budget)) {
      produced += chunk.length;
      yield chunk;
    }
  } catch (error) {
    if (error instanceof IngestionError) throw error;
    // zlib reads what follows a member as the next member's header (and waits for a second byte of it).
    const extra = bytesAfterMember(tail.bytes, produced);
    if (extra > 0) {
      warn(`gzip ${name} has ${extra} byte(s) after its compressed data; they were ignored`);
      return;
    }
    const truncated = (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR';
    throw new CorruptArchiveError(
      truncated ? `gzip ${name} is truncated (unexpected end of data)` : `gzip ${name} is corrupt: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

interface Tail {
  bytes: Uint8Array;
}

/**
 * The stream, its last TAIL_BYTES bytes as single-byte chunks, kept in `tail`. zlib fails a write
 * in which a member ends and other bytes follow, losing that write's output; written one by one,
 * the member ends in a write of its own, whole, and only the bytes after it fail.
 */
async function* lastBytesOneByOne(stream: ByteStream, tail: Tail): ByteStream {
  let held: Uint8Array | null = null;
  for await (const chunk of stream) {
    if (held !== null) yield held;
    held = chunk;
  }
  if (held === null) return;
  const split = Math.max(0, held.length - TAIL_BYTES);
  tail.bytes = held.subarray(split);
  if (split > 0) yield held.subarray(0, split);
  for (let i = split; i < held.length; i++) yield held.subarray(i, i + 1);
}

/**
 * How many bytes of `tail` follow the end of the (last) member, or 0 when none visibly does: a
 * member ends with the size of its output modulo 2^32, which a cut member or other damage matches
 * only by chance (zlib has checked the CRC before it).
 */
function bytesAfterMember(tail: Uint8Array, produced: number): number {
  if (produced === 0) return 0;
  const size = produced % 2 ** 32;
  const view = Buffer.from(tail.buffer, tail.byteOffset, tail.length);
  for (let extra = 1; extra <= tail.length - 8; extra++) {
    if (view.readUInt32LE(tail.length - extra - 4) === size) return extra;
  }
  return 0;
}

/**
 * The inflater's output, the chunks it produced before an error included (iterating the stream
 * itself drops what is buffered when it fails). At most a few chunks wait: the inflater is
 * paused meanwhile.
 */
async function* outputBeforeError(inflater: Readable): ByteStream {
  for await (const [chunk] of on(inflater, 'data', { close: ['end'], highWaterMark: 4 })) yield chunk as Buffer;
}
