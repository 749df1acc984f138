import type { IngestionLimits } from '../limits.js';
import type { ParsedReport, ReportEvent } from '../types.js';
import { ReportDocumentParser } from './report-document-parser.js';

const SLICE_BYTES = 64 * 1024;

export interface XmlStreamOptions {
  readonly limits: IngestionLimits;
  /** Records per `records` event. */
  readonly batchSize: number;
}

/** Streams one XML report: `header`, `records` batches, `end`. Memory stays bounded by the batch size. */
export async function* parseXmlStream(
  source: string,
  chunks: AsyncIterable<Uint8Array>,
  options: XmlStreamOptions,
): AsyncGenerator<ReportEvent> {
  const parser = new ReportDocumentParser(source, options.limits);
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      parser.write(chunk.subarray(offset, offset + SLICE_BYTES));
      yield* takeEvents(parser, options.batchSize);
    }
  }
  parser.end();
  yield* takeEvents(parser, 1);
  yield { type: 'end', source, summary: parser.summary() };
}

function* takeEvents(parser: ReportDocumentParser, batchSize: number): Generator<ReportEvent> {
  const header = parser.takeHeader();
  if (header !== null) yield { type: 'header', source: parser.source, header };
  if (parser.pendingRecordCount >= batchSize) yield { type: 'records', source: parser.source, records: parser.takeRecords() };
}

/** Parses one XML report held in memory, synchronously. */
export function parseXmlDocument(xml: Uint8Array | string, source: string, limits: IngestionLimits): ParsedReport {
  const parser = new ReportDocumentParser(source, limits);
  parser.write(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
  parser.end();
  const header = parser.takeHeader();
  if (header === null) throw new Error('unreachable: a parsed report always has a header');
  return { source, ...header, records: parser.takeRecords(), ...parser.summary() };
}
