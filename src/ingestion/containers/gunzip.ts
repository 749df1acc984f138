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

/** Inflates a gzip stream as it arrives; truncation and corruption become CorruptArchiveError. */
export async function* gunzip(compressed: ByteStream, name: string, limits: IngestionLimits, budget: DecompressionBudget): ByteStream {
  let compressedBytes = 0;
  const input = Readable.from(countBytes(compressed, (total) => (compressedBytes = total)));
  const inflater = createGunzip({ chunkSize: INFLATE_CHUNK_BYTES });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    yield* guardDecompression(inflater, `gzip ${name}`, () => compressedBytes, limits, budget);
  } catch (error) {
    if (error instanceof IngestionError) throw error;
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
