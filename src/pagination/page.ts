import { BadUserInputError } from '../errors/app-error.js';
import { requireIntegerBetween } from '../validation/arguments.js';

/**
 * One page of a list, as every service returns it and every GraphQL connection
 * (resolvers/connection.types.ts) serves it: Relay-style edges, pageInfo and totalCount.
 */
export interface Page<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly totalCount: number;
}

export interface PageRequest {
  readonly first: number;
  readonly after?: string | null;
}

/** `first` checked against the list's maximum page size (BAD_USER_INPUT otherwise). */
export function pageSize(request: PageRequest, max: number): number {
  return requireIntegerBetween('first', request.first, 1, max);
}

/**
 * The page from rows read with `LIMIT first + 1`: the extra row only tells that a next page
 * exists. `cursorOf` gives the keyset position of a row; `toNode` what the client sees of it.
 */
export function pageOf<Row, T>(rows: readonly Row[], first: number, totalCount: number, cursorOf: (row: Row) => string, toNode: (row: Row) => T): Page<T> {
  const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** Opaque to clients (base64url JSON), so the ordering can change without breaking their code. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The values of a cursor made by encodeCursor, when `accept` recognises them; BAD_USER_INPUT
 * for anything else (a client's edit, a cursor of another list).
 */
export function decodeCursor<T>(text: string, accept: (values: readonly unknown[]) => T | undefined): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const decoded = Array.isArray(parsed) ? accept(parsed) : undefined;
  if (decoded === undefined) throw new BadUserInputError(`invalid cursor "${text}": use a pageInfo.endCursor or edge cursor as returned`);
  return decoded;
}
