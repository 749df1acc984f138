import { createHash } from 'node:crypto';
import { constants, createBrotliCompress, createBrotliDecompress } from 'node:zlib';
import { Readable } from 'node:stream';
import type { ReceivedFile } from './received-file.js';

/** How a kept file is stored: brotli, or as received when it is already compressed (gzip, zip). */
export type PackedCompression = 'br' | 'none';

export interface PackedFile {
  /** SHA-256 (hex) of the file as received. */
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly compression: PackedCompression;
  /** The packed bytes; null when they exceeded the cap (the hash and size are still right). */
  readonly content: Buffer | null;
}

// Quality 4 compresses DMARC XML about 35x at gzip -6's speed (measured on bench/ingest's corpus);
// higher qualities gain ~25% more at three times the CPU.
const BROTLI_QUALITY = 4;

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/**
 * Reads the file once: hashes it and compresses it (brotli, on libuv's thread pool) unless it is
 * gzip or zip already. Memory is bounded by `maxBytes`: past it the packed bytes are dropped and
 * only the hash and size are kept.
 */
export async function packFile(file: ReceivedFile, maxBytes: number): Promise<PackedFile> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let compression: PackedCompression | undefined;
  let compressor: ReturnType<typeof createBrotliCompress> | undefined;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let overflow = false;
  const keep = (chunk: Buffer) => {
    if (overflow) return;
    keptBytes += chunk.length;
    if (keptBytes > maxBytes) {
      overflow = true;
      kept.length = 0;
      return;
    }
    kept.push(chunk);
  };
  let compressed: Promise<void> | undefined;

  const input = file.open();
  for await (const chunk of input instanceof Uint8Array ? [input] : input) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (compression === undefined) {
      compression = startsWith(bytes, GZIP) || startsWith(bytes, ZIP) ? 'none' : 'br';
      if (compression === 'br') {
        const brotli = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } });
        compressor = brotli;
        brotli.on('data', keep);
        compressed = new Promise((resolve, reject) => brotli.on('end', resolve).on('error', reject));
      }
    }
    hash.update(bytes);
    sizeBytes += bytes.length;
    if (compressor === undefined) keep(Buffer.from(bytes));
    else if (!compressor.write(bytes)) await new Promise((resolve) => compressor?.once('drain', resolve));
  }
  if (compressor !== undefined) {
    compressor.end();
    await compressed;
  }
  return {
    sha256: hash.digest('hex'),
    sizeBytes,
    compression: compression ?? 'none',
    content: overflow ? null : Buffer.concat(kept),
  };
}

/** The file as received, streamed back from its packed bytes. */
export function unpackFile(compression: string, content: Buffer): AsyncIterable<Uint8Array> {
  const source = Readable.from([content]);
  if (compression === 'none') return source;
  if (compression === 'br') return source.pipe(createBrotliDecompress());
  throw new Error(`unknown compression ${JSON.stringify(compression)} of a kept file`);
}

/** The file as received, in memory (for downloads and re-ingestion of files under the caps). */
export async function unpackToBuffer(compression: string, content: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of unpackFile(compression, content)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
