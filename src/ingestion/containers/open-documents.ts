import { EmptyReportError, NestingTooDeepError, ReportTooLargeError, UnsupportedFormatError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { collectBytes, countBytes, peekBytes, streamOf, type ByteStream } from './byte-stream.js';
import type { DecompressionBudget } from './decompression-guard.js';
import { detectFormat, SNIFF_BYTES } from './detect-format.js';
import { reportAttachments } from './email.js';
import { gunzip } from './gunzip.js';
import { unzip } from './unzip.js';

/** One XML document found in the input, as a byte stream. */
export interface XmlDocument {
  /** File name, zip entry or attachment name; `input` when the caller gave none. */
  readonly name: string;
  /** Must be read to the end (or abandoned) before the next document is requested. */
  readonly stream: ByteStream;
  /**
   * What its containers repaired (bytes after a gzip stream, …). Filled while `stream` is read:
   * complete once it has ended.
   */
  readonly warnings: string[];
}

interface Walk {
  readonly limits: IngestionLimits;
  readonly budget: DecompressionBudget;
}

/**
 * Every XML document in the input, unwrapping gzip, zip and e-mail (also nested) as found by
 * their bytes. XML and gzip are streamed; zip and e-mail need the whole container in memory,
 * at most `maxBufferedContainerBytes` of it (the limit is checked as it arrives).
 */
export async function* openXmlDocuments(
  input: Uint8Array | ByteStream,
  options: { readonly filename?: string; readonly limits: IngestionLimits },
): AsyncGenerator<XmlDocument> {
  const { limits } = options;
  const name = options.filename ?? 'input';
  let stream: ByteStream;
  if (input instanceof Uint8Array) {
    if (input.length > limits.maxInputBytes) throw inputTooLarge(limits);
    stream = streamOf(input);
  } else {
    stream = countBytes(input, (total) => {
      if (total > limits.maxInputBytes) throw inputTooLarge(limits);
    });
  }
  let found = 0;
  for await (const document of open(stream, name, 0, { limits, budget: { used: 0 } }, [])) {
    found++;
    yield document;
  }
  if (found === 0) throw new EmptyReportError(`${name} contains no DMARC report`);
}

function inputTooLarge(limits: IngestionLimits): ReportTooLargeError {
  return new ReportTooLargeError('maxInputBytes', limits.maxInputBytes, 'the input');
}

/** `warnings`: those of the containers around this one, known when it is opened; each document gets a copy. */
async function* open(stream: ByteStream, name: string, depth: number, walk: Walk, warnings: readonly string[]): AsyncGenerator<XmlDocument> {
  const peeked = await peekBytes(stream, SNIFF_BYTES);
  if (peeked.head.length === 0) throw new EmptyReportError(`${name} is empty (0 bytes)`);
  const format = detectFormat(peeked.head);
  if (format === 'xml') {
    yield { name, stream: peeked.stream, warnings: [...warnings] };
    return;
  }
  if (format === null) {
    throw new UnsupportedFormatError(`${name} is neither XML, gzip, zip nor an e-mail message (it starts with bytes ${peeked.head.subarray(0, 8).toString('hex')})`);
  }
  if (depth >= walk.limits.maxNestingDepth) {
    throw new NestingTooDeepError(`${name} is nested ${depth + 1} containers deep; at most ${walk.limits.maxNestingDepth} are opened (maxNestingDepth)`);
  }
  if (format === 'gzip') {
    // The gzip's own warnings are known at its end, which is at the latest the end of a document inside.
    const gzipWarnings: string[] = [];
    const inflated = gunzip(peeked.stream, name, walk.limits, walk.budget, (warning) => gzipWarnings.push(warning));
    for await (const document of open(inflated, name.replace(/\.(gz|gzip)$/i, ''), depth + 1, walk, warnings)) {
      yield { ...document, stream: thenAddWarnings(document.stream, document.warnings, gzipWarnings) };
    }
    return;
  }
  const { maxBufferedContainerBytes } = walk.limits;
  const kind = format === 'zip' ? 'zip' : 'e-mail';
  const whole = await collectBytes(
    peeked.stream,
    maxBufferedContainerBytes,
    () => new ReportTooLargeError('maxBufferedContainerBytes', maxBufferedContainerBytes, `${kind} ${name}, which is read whole,`),
  );
  if (format === 'zip') {
    for await (const file of unzip(whole, name, walk.limits, walk.budget)) yield* open(file.stream, file.name, depth + 1, walk, warnings);
    return;
  }
  for (const attachment of await reportAttachments(whole, name, walk.limits)) {
    yield* open(streamOf(attachment.content), attachment.name, depth + 1, walk, warnings);
  }
}

/** `stream`, then `extra` added to `warnings` once it has ended. */
async function* thenAddWarnings(stream: ByteStream, warnings: string[], extra: readonly string[]): ByteStream {
  yield* stream;
  warnings.push(...extra);
}
