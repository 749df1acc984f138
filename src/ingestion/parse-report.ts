import { createHash, type Hash } from 'node:crypto';
import { openXmlDocuments } from './containers/open-documents.js';
import { InvalidReportError } from './errors.js';
import { resolveLimits, type IngestionLimits } from './limits.js';
import { parseXmlStream } from './parsing/parse-xml-stream.js';
import type { DmarcRecord, ParsedReport, ReportHeader, StreamedReportEvent } from './types.js';

export interface ParseOptions {
  /** Name of the input (used in messages and as a hint only; the format comes from the bytes). */
  readonly filename?: string;
  readonly limits?: Partial<IngestionLimits>;
  /** Records per `records` event; 1000 by default. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Streams every report in the input (XML, gzip, zip, e-mail, nested), for writers that must not
 * hold a whole report: per report `header`, `records` batches, `end`. If it throws, the report
 * being read is refused as a whole; earlier reports of the same input ended with `end` are valid.
 * `end` carries the SHA-256 of the XML document, for tracing a stored report back to its bytes
 * (null when the file holds several concatenated `<feedback>` documents, each a report).
 */
export async function* streamReportEvents(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): AsyncGenerator<StreamedReportEvent> {
  const limits = resolveLimits(options.limits);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const documents = openXmlDocuments(input, options.filename === undefined ? { limits } : { filename: options.filename, limits });
  for await (const document of documents) {
    const hash = createHash('sha256');
    for await (const event of parseXmlStream(document.name, hashed(document.stream, hash), { limits, batchSize })) {
      // The parser yields the last `end` after reading the document to its last byte: its
      // containers' warnings are complete. A report of a concatenated file has no bytes of its
      // own to hash: the file is the unit that raw retention and the quarantine keep.
      yield event.type === 'end'
        ? {
            ...event,
            summary: { ...event.summary, warnings: [...document.warnings, ...event.summary.warnings] },
            contentSha256: event.concatenated ? null : hash.digest('hex'),
          }
        : event;
    }
  }
}

async function* hashed(chunks: AsyncIterable<Uint8Array>, hash: Hash): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Every report in the input, each read in full. */
export async function parseReports(input: Uint8Array | AsyncIterable<Uint8Array>, options: ParseOptions = {}): Promise<ParsedReport[]> {
  const reports: ParsedReport[] = [];
  let header: ReportHeader | null = null;
  let records: DmarcRecord[] = [];
  for await (const event of streamReportEvents(input, options)) {
    if (event.type === 'header') header = event.header;
    else if (event.type === 'records') records = records.concat(event.records);
    else if (header !== null) {
      reports.push({ source: event.source, ...header, ...event.summary, records });
      header = null;
      records = [];
    }
  }
  return reports;
}

/** The one report in the input; refuses inputs holding several (use `parseReports`). */
export async function parseReport(input: Uint8Array | AsyncIterable<Uint8Array>, options: ParseOptions = {}): Promise<ParsedReport> {
  const reports = await parseReports(input, options);
  const [report] = reports;
  if (report === undefined || reports.length > 1) {
    throw new InvalidReportError(`${options.filename ?? 'the input'} holds ${reports.length} reports where one was expected`);
  }
  return report;
}
