import { BadUserInputError } from '../errors/app-error.js';

/**
 * Position in a list ordered newest first by creation time, then by id (a UUID): the keyset of
 * alerts and webhook deliveries. Opaque to clients (base64url), so the ordering can change without
 * breaking their code.
 */
export interface CreatedAtCursor {
  readonly createdAt: Date;
  readonly id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

export function encodeCreatedAtCursor(cursor: CreatedAtCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

/** BAD_USER_INPUT for anything that is not a cursor this module made. */
export function decodeCreatedAtCursor(text: string): CreatedAtCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && isUuid(parsed[1])) {
    const createdAt = new Date(parsed[0]);
    if (!Number.isNaN(createdAt.getTime())) return { createdAt, id: parsed[1] };
  }
  throw new BadUserInputError(`invalid cursor "${text}": use a pageInfo.endCursor or edge cursor as returned`);
}
