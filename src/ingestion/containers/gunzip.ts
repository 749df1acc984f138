import { on } from 'node:events';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { CorruptArchiveError, IngestionError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { countBytes, peekBytes, streamOf, type ByteStream } from './byte-stream.js';
import { guardDecompression, RATIO_GRACE_BYTES, type DecompressionBudget } from './decompression-guard.js';

/**
 * Output chunk size. With zlib's default (16 KiB) the per-chunk handoffs between the thread pool,
 * the stream and the parser cost more CPU than inflating itself; at 256 KiB they are noise, and
 * the parser still decodes 64 KiB at a time.
 */
const INFLATE_CHUNK_BYTES = 256 * 1024;

/** Bytes at the end of the input written to zlib one at a time (see `lastBytesOneByOne`). */
const TAIL_BYTES = 64;

/**
 * A gzip this small (a TLS report, a small aggregate report: most of a mailbox) is inflated in one
 * synchronous call: the stream's set-up and its thread-pool round trips (one per tail byte) cost
 * about 3 ms of CPU per file, a hundred times the inflating. Its output is bounded as the stream's
 * is (at most the compression ratio's worth: 3.2 MB), so the event loop waits a few ms at worst.
 */
const SMALL_GZIP_BYTES = 16 * 1024;

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
  const peeked = await peekBytes(compressed, SMALL_GZIP_BYTES + 1);
  const whole = peeked.head.length <= SMALL_GZIP_BYTES ? inflateSmall(peeked.head, limits, budget) : undefined;
  if (whole !== undefined) {
    yield* guardDecompression(streamOf(whole), `gzip ${name}`, () => peeked.head.length, limits, budget);
    return;
  }
  yield* gunzipStream(peeked.stream, name, limits, budget, warn);
}

/**
 * A small gzip inflated at once; undefined when that fails in any way (damage, bytes after the
 * member, output past a limit), so the streaming path reads it with its recoveries and its errors.
 */
function inflateSmall(bytes: Buffer, limits: IngestionLimits, budget: DecompressionBudget): Buffer | undefined {
  const allowed = Math.min(limits.maxDecompressedBytes - budget.used, Math.max(RATIO_GRACE_BYTES, bytes.length * limits.maxCompressionRatio));
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, allowed + 1) });
  } catch {
    return undefined;
  }
}

async function* gunzipStream(
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
