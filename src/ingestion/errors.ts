import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';

/** The codes a refused report file can carry (their statuses are in src/errors/error-codes.ts). */
export type RefusalCode = Extract<
  ErrorCode,
  | 'INVALID_REPORT'
  | 'EMPTY_REPORT'
  | 'MALFORMED_XML'
  | 'MALFORMED_JSON'
  | 'JSON_TOO_DEEP'
  | 'UNSAFE_XML'
  | 'INVALID_ENCODING'
  | 'UNSUPPORTED_FORMAT'
  | 'CORRUPT_ARCHIVE'
  | 'NESTING_TOO_DEEP'
  | 'XML_TOO_DEEP'
  | 'FIELD_TOO_LONG'
  | 'REPORT_TOO_LARGE'
  | 'COMPRESSION_BOMB'
  | 'TOO_MANY_ENTRIES'
  | 'TOO_MANY_DOCUMENTS'
  | 'INGESTION_FAILED'
  | 'UNREADABLE_FILE'
>;

/** Why a report was refused. */
export abstract class IngestionError extends AppError {
  abstract override readonly code: RefusalCode;
}

/** Well-formed enough to read, but a value is missing or invalid (names the field and record). */
export class InvalidReportError extends IngestionError {
  readonly code = 'INVALID_REPORT';

  constructor(
    message: string,
    readonly field?: string,
    readonly recordIndex?: number,
  ) {
    super(recordIndex === undefined ? message : `record ${recordIndex + 1}: ${message}`);
  }
}

/** Zero bytes, or a container holding no report at all. */
export class EmptyReportError extends IngestionError {
  readonly code = 'EMPTY_REPORT';
}

/** The XML cannot be read even with the recoveries we allow. */
export class MalformedXmlError extends IngestionError {
  readonly code = 'MALFORMED_XML';

  constructor(
    reason: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? `malformed XML: ${reason}` : `malformed XML at character ${offset}: ${reason}`);
  }
}

/** Elements nested deeper than `maxXmlDepth`: no report needs it, and each level costs memory. */
export class XmlTooDeepError extends IngestionError {
  readonly code = 'XML_TOO_DEEP';
}

/**
 * A field's text, all its pieces together (comments, CDATA and entities may split it), is longer
 * than that field can sensibly be (`fieldMaxChars` in parsing/report-elements.ts). Refused, not
 * truncated: a cut value would be stored as if the reporter had sent it.
 */
export class FieldTooLongError extends IngestionError {
  readonly code = 'FIELD_TOO_LONG';

  constructor(
    readonly field: string,
    readonly maximum: number,
    readonly recordIndex?: number,
  ) {
    super(`${recordIndex === undefined ? '' : `record ${recordIndex + 1}: `}<${field}> is longer than ${maximum} characters`);
  }
}

/** An SMTP TLS report (RFC 8460) that is not JSON, or whose JSON is not an object. */
export class MalformedJsonError extends IngestionError {
  readonly code = 'MALFORMED_JSON';
}

/** Arrays and objects nested deeper than `maxJsonDepth` in a TLS report: no report needs it. */
export class JsonTooDeepError extends IngestionError {
  readonly code = 'JSON_TOO_DEEP';
}

/** DTDs and entity declarations are refused outright: they are how XXE and billion laughs work. */
export class UnsafeXmlError extends IngestionError {
  readonly code = 'UNSAFE_XML';
}

export class InvalidEncodingError extends IngestionError {
  readonly code = 'INVALID_ENCODING';
}

/** Not XML, JSON, gzip, zip nor an e-mail. */
export class UnsupportedFormatError extends IngestionError {
  readonly code = 'UNSUPPORTED_FORMAT';
}

/** Truncated gzip, corrupt or encrypted zip, unreadable e-mail. */
export class CorruptArchiveError extends IngestionError {
  readonly code = 'CORRUPT_ARCHIVE';
}

export type SizeLimit =
  | 'maxInputBytes'
  | 'maxDecompressedBytes'
  | 'maxBufferedContainerBytes'
  | 'maxRecords'
  | 'maxTokenChars'
  | 'maxRepeatedElements'
  | 'maxJsonBytes'
  | 'maxTlsEntries';

export class ReportTooLargeError extends IngestionError {
  readonly code = 'REPORT_TOO_LARGE';

  constructor(
    readonly limit: SizeLimit,
    readonly maximum: number,
    what: string,
  ) {
    super(`${what} exceeds the limit of ${maximum} (${limit})`);
  }
}

/** Output far larger than its compressed input: a decompression bomb, stopped before it fills memory. */
export class CompressionBombError extends IngestionError {
  readonly code = 'COMPRESSION_BOMB';
}

export class TooManyEntriesError extends IngestionError {
  readonly code = 'TOO_MANY_ENTRIES';
}

/** More `<feedback>` documents concatenated in one file than `maxDocuments`: each is a report, and reports per file are bounded. */
export class TooManyDocumentsError extends IngestionError {
  readonly code = 'TOO_MANY_DOCUMENTS';

  constructor(readonly maximum: number) {
    super(`the file holds more than ${maximum} concatenated <feedback> documents (maxDocuments); the first ${maximum} were read`);
  }
}

/** Containers inside containers (zip in e-mail in zip ...) deeper than allowed. */
export class NestingTooDeepError extends IngestionError {
  readonly code = 'NESTING_TOO_DEEP';
}
