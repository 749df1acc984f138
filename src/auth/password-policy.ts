import { isCommonPassword } from './common-passwords.js';
import { WeakPasswordError } from './errors.js';

const MIN_PASSWORD_LENGTH = 12;
/** argon2 accepts more, but a cap stops multi-megabyte "passwords" from costing server time. */
const MAX_PASSWORD_LENGTH = 256;

/** Every rule the password breaks, as sentences for the user; empty when it is acceptable. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  // Length in code points, so a password of emoji is not counted twice.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? '';
  if (lower === address || (localPart !== '' && lower === localPart)) problems.push('must not be the email address or its local part');
  if (isCommonPassword(password)) problems.push('is one of the most common passwords');
  return problems;
}

/** Throws WEAK_PASSWORD listing every broken rule. */
export function assertAcceptablePassword(password: string, email: string): void {
  const problems = passwordProblems(password, email);
  if (problems.length > 0) throw new WeakPasswordError(problems);
}
