import type { Email } from 'postal-mime';
import { EmptyReportError, NestingTooDeepError, ReportTooLargeError, UnsupportedFormatError } from '../errors.js';
import { failureReportParts, type FailureReportParts } from '../failure/failure-parts.js';
import type { IngestionLimits } from '../limits.js';
import { collectBytes, countBytes, peekBytes, streamOf, type ByteStream } from './byte-stream.js';
import type { DecompressionBudget } from './decompression-guard.js';
import { detectFormat, SNIFF_BYTES } from './detect-format.js';
import { readEmail, reportAttachments } from './email.js';
import { gunzip } from './gunzip.js';
import { unzip } from './unzip.js';

interface DocumentBase {
  /** File name, zip entry or attachment name; `input` when the caller gave none. */
  readonly name: string;
  /**
   * What its containers repaired (bytes after a gzip stream, …). For a streamed document, filled
   * while `stream` is read: complete once it has ended.
   */
  readonly warnings: string[];
}

/** An aggregate report's XML (`xml`) or an SMTP TLS report's JSON (`json`), as a byte stream. */
export interface StreamedDocument extends DocumentBase {
  readonly kind: 'xml' | 'json';
  /** Must be read to the end (or abandoned) before the next document is requested. */
  readonly stream: ByteStream;
}

/** An e-mail that is a failure report (ARF or plain text): read whole, as e-mails are. */
export interface FailureDocument extends DocumentBase {
  readonly kind: 'failure';
  readonly email: Email;
  readonly parts: FailureReportParts;
  /** The message as received (within `maxBufferedContainerBytes`). */
  readonly bytes: Buffer;
}

/** One report document found in the input, of any of the three kinds a DMARC mailbox receives. */
export type ReportDocument = StreamedDocument | FailureDocument;

interface Walk {
  readonly limits: IngestionLimits;
  readonly budget: DecompressionBudget;
}

/**
 * Every report document in the input, unwrapping gzip, zip and e-mail (also nested) as found by
 * their bytes: aggregate XML, TLS JSON, and e-mails that are failure reports. XML, JSON and gzip
 * are streamed; zip and e-mail need the whole container in memory, at most
 * `maxBufferedContainerBytes` of it (the limit is checked as it arrives).
 */
export async function* openReportDocuments(
  input: Uint8Array | ByteStream,
  options: { readonly filename?: string; readonly limits: IngestionLimits },
): AsyncGenerator<ReportDocument> {
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
async function* open(stream: ByteStream, name: string, depth: number, walk: Walk, warnings: readonly string[]): AsyncGenerator<ReportDocument> {
  const peeked = await peekBytes(stream, SNIFF_BYTES);
  if (peeked.head.length === 0) throw new EmptyReportError(`${name} is empty (0 bytes)`);
  const format = detectFormat(peeked.head);
  if (format === 'xml' || format === 'json') {
    yield { kind: format, name, stream: peeked.stream, warnings: [...warnings] };
    return;
  }
  if (format === null) {
    throw new UnsupportedFormatError(`${name} is neither XML, JSON, gzip, zip nor an e-mail message (it starts with bytes ${peeked.head.subarray(0, 8).toString('hex')})`);
  }
  if (depth >= walk.limits.maxNestingDepth) {
    throw new NestingTooDeepError(`${name} is nested ${depth + 1} containers deep; at most ${walk.limits.maxNestingDepth} are opened (maxNestingDepth)`);
  }
  if (format === 'gzip') {
    // The gzip's own warnings are known at its end, which is at the latest the end of a document inside.
    const gzipWarnings: string[] = [];
    const inflated = gunzip(peeked.stream, name, walk.limits, walk.budget, (warning) => gzipWarnings.push(warning));
    for await (const document of open(inflated, name.replace(/\.(gz|gzip)$/i, ''), depth + 1, walk, warnings)) {
      // A failure report e-mail was read whole: the gzip has ended and its warnings are known.
      yield document.kind === 'failure'
        ? { ...document, warnings: [...document.warnings, ...gzipWarnings] }
        : { ...document, stream: thenAddWarnings(document.stream, document.warnings, gzipWarnings) };
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
  const email = await readEmail(whole, name);
  // A failure report is the message itself: its attached sample is evidence, not a container to open.
  const parts = failureReportParts(email);
  if (parts !== null) {
    yield { kind: 'failure', name, email, parts, bytes: whole, warnings: [...warnings] };
    return;
  }
  for (const attachment of reportAttachments(email, name, walk.limits)) {
    yield* open(streamOf(attachment.content), attachment.name, depth + 1, walk, warnings);
  }
}

/** `stream`, then `extra` added to `warnings` once it has ended. */
async function* thenAddWarnings(stream: ByteStream, warnings: string[], extra: readonly string[]): ByteStream {
  yield* stream;
  warnings.push(...extra);
}
