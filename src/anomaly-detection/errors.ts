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

  constructor(
    readonly reason: 'magic' | 'version' | 'truncated' | 'checksum' | 'structure',
    message: string,
  ) {
    super(`Cannot load anomaly model (${reason}): ${message}`);
  }
}

/** Too few source IPs in the training window for a meaningful model (the forest needs a crowd). */
export class InsufficientTrainingDataError extends AppError {
  readonly code = 'INSUFFICIENT_TRAINING_DATA';

  constructor(
    readonly found: number,
    readonly required: number,
  ) {
    super(`Not enough training data: ${found} source IP(s) in the window, at least ${required} needed`);
  }
}

/** Detection needs a deployed model; train one and deploy it first. */
export class NoDeployedModelError extends AppError {
  readonly code = 'NO_DEPLOYED_MODEL';

  constructor() {
    super('No anomaly model is deployed: train one (trainModel) and deploy it (deployModel) first');
  }
}
