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
 * exists. `cursorOf` gives the cursor of a row (a codec's `encode`, src/pagination/cursor.ts);
 * `toNode` what the client sees of it.
 */
export function pageOf<Row, T>(rows: readonly Row[], first: number, totalCount: number, cursorOf: (row: Row) => string, toNode: (row: Row) => T): Page<T> {
  const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/** The same page (and whatever else it carries) with each node as `toNode` makes it (a service's view as its GraphQL type, say). */
export function mapNodes<P extends Page<unknown>, U>(page: P, toNode: (node: P['edges'][number]['node']) => U): Omit<P, 'edges'> & Page<U> {
  return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toNode(edge.node) })) };
}
