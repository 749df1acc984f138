import { AppError } from '../errors/app-error.js';
import type { IngestionFailure } from './storage/index.js';

/**
 * HTTP status of each refusal code of errors.ts. The storage service reports a refusal as data
 * (`FileIngestionResult.error`: code and message), not as the thrown error, so the entry points
 * that answer a request need the status back; test/http/report-upload.test.ts checks this table
 * against the error classes.
 */
export const refusalHttpStatus: Readonly<Record<string, number>> = {
  INVALID_REPORT: 422,
  EMPTY_REPORT: 422,
  MALFORMED_XML: 422,
  UNSAFE_XML: 422,
  INVALID_ENCODING: 422,
  UNSUPPORTED_FORMAT: 422,
  CORRUPT_ARCHIVE: 422,
  NESTING_TOO_DEEP: 422,
  XML_TOO_DEEP: 422,
  FIELD_TOO_LONG: 422,
  REPORT_TOO_LARGE: 413,
  COMPRESSION_BOMB: 413,
  TOO_MANY_ENTRIES: 413,
  UNREADABLE_FILE: 400,
};

/** A refused report, re-thrown with its ingestion code for the HTTP error handler and GraphQL. */
export class RefusedReportError extends AppError {
  readonly code: string;
  readonly httpStatus: number;
  readonly exitCode = 65; // EX_DATAERR, as every IngestionError

  constructor(failure: IngestionFailure) {
    super(failure.message);
    this.code = failure.code;
    this.httpStatus = refusalHttpStatus[failure.code] ?? 422;
  }
}
