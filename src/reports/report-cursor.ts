import { decodeCursor, encodeCursor } from '../pagination/page.js';

/** Position in the report list, ordered by start date then id, both descending. */
export interface ReportCursor {
  readonly dateBegin: Date;
  readonly id: number;
}

export function encodeReportCursor(cursor: ReportCursor): string {
  return encodeCursor([cursor.dateBegin.toISOString(), cursor.id]);
}

export function decodeReportCursor(text: string): ReportCursor {
  return decodeCursor(text, ([time, id, ...rest]) => {
    if (rest.length > 0 || typeof time !== 'string' || !Number.isSafeInteger(id)) return undefined;
    const dateBegin = new Date(time);
    return Number.isNaN(dateBegin.getTime()) ? undefined : { dateBegin, id: id as number };
  });
}
