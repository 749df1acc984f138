import { createReadStream } from 'node:fs';

/** Where an ingested file came from: the entry point, and the name it had there. */
export type IngestChannel = 'http' | 'graphql' | 'cli' | 'imap';

export interface IngestOrigin {
  readonly channel: IngestChannel;
  /** File path, upload name or the e-mail's Message-ID. */
  readonly name: string;
}

/**
 * A received file that can be read more than once (parsed, then kept compressed), without being
 * held in memory when it is on disk.
 */
export interface ReceivedFile {
  readonly name: string;
  open(): Uint8Array | AsyncIterable<Uint8Array>;
}

export function fileInMemory(bytes: Uint8Array, name: string): ReceivedFile {
  return { name, open: () => bytes };
}

export function fileOnDisk(path: string): ReceivedFile {
  return { name: path, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}
