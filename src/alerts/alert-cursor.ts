import { BadUserInputError } from '../errors/app-error.js';

/** Position in the alert list, newest first: created_at then id, both descending. */
export interface AlertCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeAlertCursor(cursor: AlertCursor): string {
  // Microseconds matter: alerts raised in one statement share their millisecond.
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeAlertCursor(text: string): AlertCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
    const createdAt = new Date(parsed[0]);
    if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: parsed[1] };
  }
  throw new BadUserInputError(`invalid cursor "${text}": use a pageInfo.endCursor or edge cursor as returned`);
}

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
