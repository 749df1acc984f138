import { AppError } from '../errors/app-error.js';
import type { RefusalCode } from './errors.js';
import type { IngestionFailure } from './storage/index.js';

/**
 * A refused report, re-thrown with its ingestion code for the HTTP error handler and GraphQL.
 * The storage service reports a refusal as data (`FileIngestionResult.error`: code and message),
 * not as the thrown error; the status and exit code come from the code's registry entry.
 */
export class RefusedReportError extends AppError {
  readonly code: RefusalCode;

  constructor(failure: IngestionFailure) {
    super(failure.message);
    this.code = failure.code;
  }
}
