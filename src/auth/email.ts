import { BadUserInputError } from '../errors/app-error.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by use,
// not by a regular expression.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed and lower-cased, the form stored in users.email; BAD_USER_INPUT when it is no address. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new BadUserInputError(`Invalid email address: ${JSON.stringify(raw)}`);
  return email;
}
