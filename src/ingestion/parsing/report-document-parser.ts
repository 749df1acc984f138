import { TextDecoder } from 'node:util';
import { EmptyReportError, MalformedXmlError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import type { DmarcRecord, ReportEvent, ReportHeader, ReportSummary } from '../types.js';
import { ReportBuilder } from './report-builder.js';
import type { ChildElement } from './report-elements.js';
import { decoderFor, ENCODING_SNIFF_BYTES, replacedSequences } from './text-decoding.js';
import { XmlScanner } from './xml-scanner.js';

/** Bytes decoded per step: bounds the text and the records held at once, whatever the chunk size. */
const SLICE_BYTES = 64 * 1024;

/**
 * Push-style parser for one XML report: feed bytes with `write`, then `end`. Between calls take
 * the header (once) and the records read so far.
 */
export class ReportDocumentParser {
  private readonly builder: ReportBuilder;
  private readonly scanner: XmlScanner<ChildElement>;
  private decoder: TextDecoder | null = null;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private bytesSeen = 0;
  /** Characters decoded so far, for the offset of a refused character. */
  private charsSeen = 0;
  private headerTaken = false;

  constructor(
    readonly source: string,
    limits: IngestionLimits,
  ) {
    this.builder = new ReportBuilder(limits);
    this.scanner = new XmlScanner(this.builder, limits.maxTokenChars, limits.maxXmlDepth);
  }

  get pendingRecordCount(): number {
    return this.builder.pendingRecords.length;
  }

  write(bytes: Uint8Array): void {
    if (this.decoder === null) {
      this.head.push(bytes);
      this.headBytes += bytes.length;
      if (this.headBytes < ENCODING_SNIFF_BYTES) return;
      this.startDecoding();
      return;
    }
    this.decode(bytes, true);
  }

  end(): void {
    if (this.decoder === null) this.startDecoding();
    if (this.bytesSeen === 0) throw new EmptyReportError(`${this.source} is empty (0 bytes)`);
    this.decode(new Uint8Array(0), false);
    this.scanner.end();
    this.builder.checkFinished();
  }

  /** Whether the file turned out to hold several concatenated `<feedback>` documents (so far). */
  get concatenated(): boolean {
    return this.builder.documentNumber > 1;
  }

  /**
   * The events still due for the reports that a following `<feedback>` ended (header when not
   * taken yet, the records left, `end`), oldest first; usually none.
   */
  takeFinishedReportEvents(): ReportEvent[] {
    const documents = this.builder.takeFinishedDocuments();
    if (documents.length === 0) return [];
    const events: ReportEvent[] = [];
    for (const { header, records, summary } of documents) {
      if (!this.headerTaken) events.push({ type: 'header', source: this.source, header });
      this.headerTaken = false; // the next report's header is new
      if (records.length > 0) events.push({ type: 'records', source: this.source, records });
      events.push({ type: 'end', source: this.source, summary, concatenated: true });
    }
    return events;
  }

  /** The header, the first time it is complete; null before and after. */
  takeHeader(): ReportHeader | null {
    if (this.headerTaken || this.builder.header === null) return null;
    this.headerTaken = true;
    return this.builder.header;
  }

  takeRecords(): DmarcRecord[] {
    return this.builder.takeRecords();
  }

  summary(): ReportSummary {
    return {
      recordCount: this.builder.recordCount,
      messageCount: this.builder.messageCount,
      warnings: this.builder.allWarnings(),
    };
  }

  private startDecoding(): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.decoder = decoderFor(head);
    this.decode(head, true);
  }

  private decode(bytes: Uint8Array, stream: boolean): void {
    const decoder = this.decoder;
    if (decoder === null) return;
    for (let offset = 0; offset < bytes.length || (!stream && offset === 0); offset += SLICE_BYTES) {
      const slice = bytes.subarray(offset, offset + SLICE_BYTES);
      const text = decoder.decode(slice, { stream: stream || offset + SLICE_BYTES < bytes.length });
      if (text.length === 0) continue;
      if (text.indexOf('\uFFFD') !== -1) {
        const replaced = replacedSequences(text, slice, decoder.encoding);
        if (replaced > 0) {
          this.builder.invalidBytesReplaced(
            `${replaced} byte sequence(s) between bytes ${this.bytesSeen + offset} and ${this.bytesSeen + offset + slice.length} ` +
              `are not valid ${decoder.encoding.toUpperCase()}; each was replaced by U+FFFD`,
          );
        }
      }
      // U+0000 is no XML character in any form, and no text column can store it: refused
      // wherever it is (one indexOf per 64 KiB, before the scanner sees the text).
      const nul = text.indexOf('\u0000');
      if (nul !== -1) throw new MalformedXmlError('U+0000 (NUL) is not allowed in XML', this.charsSeen + nul);
      this.charsSeen += text.length;
      this.scanner.write(text);
    }
    this.bytesSeen += bytes.length;
  }
}
