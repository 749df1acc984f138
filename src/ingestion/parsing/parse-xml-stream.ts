import { InvalidReportError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import type { ParsedReport, ReportEvent } from '../types.js';
import { ReportDocumentParser } from './report-document-parser.js';

const SLICE_BYTES = 64 * 1024;

export interface XmlStreamOptions {
  readonly limits: IngestionLimits;
  /** Records per `records` event. */
  readonly batchSize: number;
}

/**
 * Streams the report of one XML document: `header`, `records` batches, `end`; the same again for
 * each further `<feedback>` document concatenated after the first. Memory stays bounded by the
 * batch size (and the reports one 64 KiB slice can hold).
 */
export async function* parseXmlStream(
  source: string,
  chunks: AsyncIterable<Uint8Array>,
  options: XmlStreamOptions,
): AsyncGenerator<ReportEvent> {
  const parser = new ReportDocumentParser(source, options.limits);
  try {
    for await (const chunk of chunks) {
      for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
        parser.write(chunk.subarray(offset, offset + SLICE_BYTES));
        yield* takeEvents(parser, options.batchSize);
      }
    }
    parser.end();
  } catch (error) {
    // Reports of a concatenated file that ended before the refused one are complete: delivered, as
    // those of a zip before a refused entry are, whether or not they shared its slice.
    yield* parser.takeFinishedReportEvents();
    throw error;
  }
  yield* takeEvents(parser, 1);
  yield { type: 'end', source, summary: parser.summary(), concatenated: parser.concatenated };
}

function* takeEvents(parser: ReportDocumentParser, batchSize: number): Generator<ReportEvent> {
  // Reports ended by a concatenated one: rare, and at most what one slice holds.
  const finished = parser.takeFinishedReportEvents();
  if (finished.length > 0) yield* finished;
  const header = parser.takeHeader();
  if (header !== null) yield { type: 'header', source: parser.source, header };
  if (parser.pendingRecordCount >= batchSize) yield { type: 'records', source: parser.source, records: parser.takeRecords() };
}

/** Parses one XML report held in memory, synchronously; refuses a file of several concatenated reports (stream it). */
export function parseXmlDocument(xml: Uint8Array | string, source: string, limits: IngestionLimits): ParsedReport {
  const parser = new ReportDocumentParser(source, limits);
  parser.write(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
  parser.end();
  if (parser.concatenated) throw new InvalidReportError(`${source} holds several concatenated reports where one was expected`);
  const header = parser.takeHeader();
  if (header === null) throw new Error('unreachable: a parsed report always has a header');
  return { source, ...header, records: parser.takeRecords(), ...parser.summary() };
}
