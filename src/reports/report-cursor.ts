import { BadUserInputError } from '../errors/app-error.js';

/** Position in the report list, ordered by start date then id, both descending. */
export interface ReportCursor {
  readonly dateBegin: Date;
  readonly id: number;
}

/** Opaque to clients (base64url), so the ordering can change without breaking their code. */
export function encodeReportCursor(cursor: ReportCursor): string {
  return Buffer.from(JSON.stringify([cursor.dateBegin.toISOString(), cursor.id])).toString('base64url');
}

export function decodeReportCursor(text: string): ReportCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && Number.isSafeInteger(parsed[1])) {
    const dateBegin = new Date(parsed[0]);
    if (!Number.isNaN(dateBegin.getTime())) return { dateBegin, id: parsed[1] as number };
  }
  throw new BadUserInputError(`invalid cursor "${text}": use a pageInfo.endCursor or edge cursor as returned`);
}
