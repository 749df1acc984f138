import { BadUserInputError } from '../errors/app-error.js';

/**
 * Argument checks shared by every service, so each limit reads the same way to a client:
 * "first must be between 1 and 100, got 0".
 */

/** The problem with `value` as an integer in [min, max], or undefined when it is one. */
export function integerRangeProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be between ${min} and ${max}, got ${value}`;
}

/** `value` when it is an integer in [min, max]; BAD_USER_INPUT naming the argument otherwise. */
export function requireIntegerBetween(name: string, value: number, min: number, max: number): number {
  const problem = integerRangeProblem(name, value, min, max);
  if (problem) throw new BadUserInputError(problem);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of users, API keys and models are UUIDs: anything else cannot name a row (and must not reach PostgreSQL's uuid cast). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
