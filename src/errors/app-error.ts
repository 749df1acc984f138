import { errorCodes, type ErrorCode } from './error-codes.js';

/**
 * The one error hierarchy of the service. Every error a user can see carries a stable `code`
 * (GraphQL `extensions.code`) from the registry in error-codes.ts, which also gives the HTTP
 * status it maps to and the exit code a CLI command ends with.
 */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  get httpStatus(): number {
    return errorCodes[this.code].httpStatus;
  }

  get exitCode(): number {
    return errorCodes[this.code].exitCode;
  }
}

/** Invalid settings. `problems` lists every one of them, not just the first. */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A store or file the service needs cannot be reached or opened. */
export class DependencyUnavailableError extends AppError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';

  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency}: ${message}`, options);
  }
}

/** Several dependencies failed at once; the message names each of them. */
export class StartupError extends AppError {
  readonly code = 'STARTUP_FAILED';

  constructor(readonly failures: readonly DependencyUnavailableError[]) {
    super(`Cannot start:\n${failures.map((f) => `  - ${f.message}`).join('\n')}`);
  }
}

export class BadUserInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
}
