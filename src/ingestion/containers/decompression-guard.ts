import { CompressionBombError, ReportTooLargeError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import type { ByteStream } from './byte-stream.js';

/** Below this much output a high ratio is harmless (a small, very repetitive report). */
export const RATIO_GRACE_BYTES = 1024 * 1024;

export function exceedsCompressionRatio(produced: number, compressed: number, limits: IngestionLimits): boolean {
  return produced > RATIO_GRACE_BYTES && produced / Math.max(compressed, 1) > limits.maxCompressionRatio;
}

/** Decompressed bytes of one input so far, shared by all its containers. */
export interface DecompressionBudget {
  used: number;
}

/**
 * Passes decompressed output through while it stays within the limits, so a bomb is stopped
 * after at most one chunk past the limit, never inflated in full.
 */
export async function* guardDecompression(
  output: ByteStream,
  what: string,
  compressedBytes: () => number,
  limits: IngestionLimits,
  budget: DecompressionBudget,
): ByteStream {
  let produced = 0;
  for await (const chunk of output) {
    produced += chunk.length;
    budget.used += chunk.length;
    if (budget.used > limits.maxDecompressedBytes) {
      throw new ReportTooLargeError('maxDecompressedBytes', limits.maxDecompressedBytes, `the decompressed size of ${what}`);
    }
    if (exceedsCompressionRatio(produced, compressedBytes(), limits)) {
      throw new CompressionBombError(
        `${what} expands more than ${limits.maxCompressionRatio} times (maxCompressionRatio): refused as a decompression bomb`,
      );
    }
    yield chunk;
  }
}
