import { BadUserInputError } from '../errors/app-error.js';
import { isUuid } from '../validation/arguments.js';

/**
 * The one cursor codec of every connection. A cursor is the keyset position of a row: the values
 * of the list's sort keys, in sort order, as base64url JSON (`[value, value, ...]`). It is opaque
 * to clients (the schema says so), so a list's ordering can change without breaking their code.
 *
 *     const reportCursor = cursorCodec({ dateBegin: cursorField.timestamp, id: cursorField.integer });
 *     pageOf(rows, first, totalCount, reportCursor.encode, toReportView);
 *     const after = page.after ? reportCursor.decode(page.after) : undefined;
 */

/** How one sort key travels in a cursor: its JSON value, and the check that reads it back. */
export interface CursorField<T> {
  readonly encode: (value: T) => string | number;
  /** The value, or undefined when `json` is not one this field made. */
  readonly decode: (json: unknown) => T | undefined;
}

export interface CursorCodec<T> {
  /** The cursor of a row (any object with the codec's keys). */
  readonly encode: (position: T) => string;
  /** The position a cursor of this codec holds; BAD_USER_INPUT for anything else (a client's edit, a cursor of another list). */
  readonly decode: (text: string) => T;
}

export const cursorField = {
  /** A Date, to the millisecond (ISO 8601). */
  timestamp: {
    encode: (value: Date) => value.toISOString(),
    decode: (json: unknown) => {
      const date = typeof json === 'string' ? new Date(json) : undefined;
      return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
    },
  } satisfies CursorField<Date>,
  /** A time as PostgreSQL keeps it, to the microsecond: text that SQL casts back (`$1::timestamptz`). */
  exactTimestamp: { encode: (value: string) => value, decode: (json: unknown) => (typeof json === 'string' && !Number.isNaN(Date.parse(json)) ? json : undefined) } satisfies CursorField<string>,
  uuid: { encode: (value: string) => value, decode: (json: unknown) => (typeof json === 'string' && isUuid(json) ? json : undefined) } satisfies CursorField<string>,
  /** A serial id or a position as JavaScript reads it: 0 or more (`integer` columns, bigint ids below 2^53). */
  integer: { encode: (value: number) => value, decode: (json: unknown) => (Number.isSafeInteger(json) && (json as number) >= 0 ? (json as number) : undefined) } satisfies CursorField<number>,
  /** A bigint id as pg returns it: decimal digits. */
  bigintText: { encode: (value: string) => value, decode: (json: unknown) => (typeof json === 'string' && /^\d{1,19}$/.test(json) ? json : undefined) } satisfies CursorField<string>,
  number: { encode: (value: number) => value, decode: (json: unknown) => (typeof json === 'number' && Number.isFinite(json) ? json : undefined) } satisfies CursorField<number>,
  /** Always `value`: names the list in its cursors, so a cursor of another list of the same shape is refused. */
  tag: <const Tag extends string>(value: Tag): CursorField<Tag> => ({ encode: () => value, decode: (json: unknown) => (json === value ? value : undefined) }),
} as const;

/** A codec for positions with `fields`' keys; the keys' order (as written) is the order in the cursor. */
export function cursorCodec<T extends object>(fields: { readonly [K in keyof T]: CursorField<T[K]> }): CursorCodec<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  return {
    encode: (position) => Buffer.from(JSON.stringify(keys.map((key) => fields[key].encode(position[key])))).toString('base64url'),
    decode: (text) => {
      const values = parseCursor(text);
      if (values?.length === keys.length) {
        const position = {} as T;
        const complete = keys.every((key, i) => {
          const value = fields[key].decode(values[i]);
          position[key] = value as T[typeof key];
          return value !== undefined;
        });
        if (complete) return position;
      }
      throw new BadUserInputError(`invalid cursor "${text}": use a pageInfo.endCursor or edge cursor as returned`);
    },
  };
}

function parseCursor(text: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The position of lists ordered newest first by creation time, then id (a UUID): models, alerts, webhook deliveries. */
export const createdAtCursor = cursorCodec<{ createdAt: Date; id: string }>({ createdAt: cursorField.timestamp, id: cursorField.uuid });

/**
 * The MikroORM condition for the rows after `position` in a list sorted descending on its keys, in
 * their order: `a < a0 OR (a = a0 AND b < b0) ...`.
 */
export function descendingAfter<T extends object>(position: T): { $or: Record<string, unknown>[] } {
  const entries = Object.entries(position);
  return { $or: entries.map(([key, value], i) => ({ ...Object.fromEntries(entries.slice(0, i)), [key]: { $lt: value } })) };
}
