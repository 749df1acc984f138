/**
 * The one error hierarchy of the service. Every error a user can see carries a stable `code`
 * (GraphQL `extensions.code`), the HTTP status it maps to, and the exit code a CLI command ends
 * with (sysexits.h values, so scripts can tell usage errors from outages).
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  abstract readonly exitCode: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid settings. `problems` lists every one of them, not just the first. */
export class ConfigError extends AppError {
  readonly code = 'CONFIG_INVALID';
  readonly httpStatus = 500;
  readonly exitCode = 78; // EX_CONFIG

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A store or file the service needs cannot be reached or opened. */
export class DependencyUnavailableError extends AppError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly httpStatus = 503;
  readonly exitCode = 69; // EX_UNAVAILABLE

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
  readonly httpStatus = 503;
  readonly exitCode = 69; // EX_UNAVAILABLE

  constructor(readonly failures: readonly DependencyUnavailableError[]) {
    super(`Cannot start:\n${failures.map((f) => `  - ${f.message}`).join('\n')}`);
  }
}

export class BadUserInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  readonly httpStatus = 400;
  readonly exitCode = 64; // EX_USAGE
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly httpStatus = 404;
  readonly exitCode = 66; // EX_NOINPUT
}
