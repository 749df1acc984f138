import { AppError } from '../errors/app-error.js';

/**
 * No valid credential. One message for every cause (unknown user, wrong password, locked
 * account, bad token, revoked key) so an answer never tells an attacker which one it was.
 */
export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message = 'Not authenticated', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** When a credential cannot be checked (PostgreSQL unreachable): the caller learns no more. */
export const CREDENTIALS_UNAVAILABLE_MESSAGE = 'Cannot verify credentials right now; try again later';

/** The message of every failed login, whatever the reason. */
export const INVALID_LOGIN_MESSAGE = 'Invalid email or password';

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
}

/** A unique value (an e-mail address) is taken already. */
export class AlreadyExistsError extends AppError {
  readonly code = 'ALREADY_EXISTS';
}

/** The password breaks the policy; `reasons` lists every rule it breaks, not just the first. */
export class WeakPasswordError extends AppError {
  readonly code = 'WEAK_PASSWORD';

  constructor(readonly reasons: readonly string[]) {
    super(`Password rejected: ${reasons.join('; ')}`);
  }
}
