import { AppError, BadUserInputError } from '../errors/app-error.js';

/** Detector settings that cannot work; `problems` lists every one of them, not just the first. */
export class InvalidDetectorParametersError extends BadUserInputError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid anomaly detector parameters: ${problems.join('; ')}`);
  }
}

/**
 * A feature matrix the detector cannot use: empty, ragged, non-finite values, or a feature
 * count that differs from the one the model was trained on.
 */
export class InvalidFeatureMatrixError extends BadUserInputError {}

/**
 * A stored model that cannot be loaded: wrong magic, unknown version, truncated or corrupt.
 * Not the user's fault, so it is not a BAD_USER_INPUT: the model has to be retrained.
 */
export class CorruptModelError extends AppError {
  readonly code = 'ANOMALY_MODEL_CORRUPT';
  readonly httpStatus = 500;
  readonly exitCode = 65; // EX_DATAERR

  constructor(
    readonly reason: 'magic' | 'version' | 'truncated' | 'checksum' | 'structure',
    message: string,
  ) {
    super(`Cannot load anomaly model (${reason}): ${message}`);
  }
}
