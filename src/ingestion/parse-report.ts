import { createHash, type Hash } from 'node:crypto';
import { collectBytes } from './containers/byte-stream.js';
import { openReportDocuments, type FailureDocument, type StreamedDocument } from './containers/open-documents.js';
import { InvalidReportError, ReportTooLargeError } from './errors.js';
import { parseFailureReport } from './failure/parse-failure-report.js';
import { resolveLimits, type IngestionLimits } from './limits.js';
import { parseXmlStream } from './parsing/parse-xml-stream.js';
import { parseTlsReport } from './tls/parse-tls-report.js';
import type { DmarcRecord, FailureReport, ParsedReport, ReportHeader, StreamedReportEvent, TlsReport, WholeReportEvent } from './types.js';

export interface ParseOptions {
  /** Name of the input (used in messages and as a hint only; the format comes from the bytes). */
  readonly filename?: string;
  readonly limits?: Partial<IngestionLimits>;
  /** Records per `records` event; 1000 by default. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Streams every report in the input (XML, JSON, gzip, zip, e-mail, nested), for writers that must
 * not hold a whole report: per aggregate report `header`, `records` batches, `end`; per TLS report
 * one `tls` event, per failure report one `failure` event. If it throws, the report being read is
 * refused as a whole; earlier reports of the same input (ended with `end`, or whole events) are
 * valid. `end` carries the SHA-256 of the XML document, for tracing a stored report back to its
 * bytes (null when the file holds several concatenated `<feedback>` documents, each a report).
 */
export async function* streamReportEvents(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): AsyncGenerator<StreamedReportEvent> {
  const limits = resolveLimits(options.limits);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const documents = openReportDocuments(input, options.filename === undefined ? { limits } : { filename: options.filename, limits });
  for await (const document of documents) {
    if (document.kind === 'json') {
      yield await tlsEvent(document, limits);
      continue;
    }
    if (document.kind === 'failure') {
      yield await failureEvent(document);
      continue;
    }
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

async function tlsEvent(document: StreamedDocument, limits: IngestionLimits): Promise<WholeReportEvent> {
  const bytes = await collectBytes(document.stream, limits.maxJsonBytes, () => new ReportTooLargeError('maxJsonBytes', limits.maxJsonBytes, `the TLS report ${document.name}`));
  const report = parseTlsReport(bytes, document.name, limits);
  return { type: 'tls', source: document.name, report: { ...report, warnings: [...document.warnings, ...report.warnings] }, contentSha256: sha256(bytes) };
}

async function failureEvent(document: FailureDocument): Promise<WholeReportEvent> {
  const report = await parseFailureReport(document.parts, document.email, document.name);
  return { type: 'failure', source: document.name, report: { ...report, warnings: [...document.warnings, ...report.warnings] }, contentSha256: sha256(document.bytes) };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function* hashed(chunks: AsyncIterable<Uint8Array>, hash: Hash): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Every aggregate report in the input, each read in full (TLS and failure reports are skipped: see parseEveryReport). */
export async function parseReports(input: Uint8Array | AsyncIterable<Uint8Array>, options: ParseOptions = {}): Promise<ParsedReport[]> {
  return (await parseEveryReport(input, options)).aggregate;
}

/** Every report of every kind in the input, each read in full (tests, tools, small inputs). */
export async function parseEveryReport(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): Promise<{ aggregate: ParsedReport[]; tls: TlsReport[]; failure: FailureReport[] }> {
  const aggregate: ParsedReport[] = [];
  const tls: TlsReport[] = [];
  const failure: FailureReport[] = [];
  let header: ReportHeader | null = null;
  let records: DmarcRecord[] = [];
  for await (const event of streamReportEvents(input, options)) {
    if (event.type === 'tls') tls.push(event.report);
    else if (event.type === 'failure') failure.push(event.report);
    else if (event.type === 'header') header = event.header;
    else if (event.type === 'records') records = records.concat(event.records);
    else if (header !== null) {
      aggregate.push({ source: event.source, ...header, ...event.summary, records });
      header = null;
      records = [];
    }
  }
  return { aggregate, tls, failure };
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
