import { GraphQLError, GraphQLScalarType } from 'graphql';
import { preserialized, type PreserializedJson } from '../src/graphql/preserialized-json.js';

/**
 * Output-only scalars for a whole column of a table, sent as one JSON array. GraphQL completes
 * every entry of a `[Float!]!` list on its own; for the thousands of points of a map that alone
 * costs more than the whole cached answer may take. A column is checked in one pass instead, the
 * first time it is sent, and its JSON text is reused for as long as the (immutable) array lives.
 * Entry i of every column of a type belongs to the same row.
 */
function columnScalar<T>(name: string, description: string, isEntry: (value: unknown) => value is T): GraphQLScalarType<readonly T[], PreserializedJson> {
  const check = (column: object): void => {
    for (const entry of column as unknown[]) {
      if (!isEntry(entry)) throw new GraphQLError(`${name} cannot represent the entry ${String(entry)}`);
    }
  };
  const outputOnly = (): never => {
    throw new GraphQLError(`${name} is sent by the server only; it cannot be an argument`);
  };
  return new GraphQLScalarType<readonly T[], PreserializedJson>({
    name,
    description,
    serialize(value) {
      if (!Array.isArray(value)) throw new GraphQLError(`${name} cannot represent a non-array value`);
      return preserialized(value, check);
    },
    parseValue: outputOnly,
    parseLiteral: outputOnly,
  });
}

export const FloatColumn = columnScalar(
  'FloatColumn',
  'A column of finite numbers as one JSON array, e.g. `[52.52, 48.8566]`.',
  (value): value is number => typeof value === 'number' && Number.isFinite(value),
);

export const IntColumn = columnScalar(
  'IntColumn',
  'A column of 32-bit integers as one JSON array, e.g. `[3, 1]`.',
  (value): value is number => Number.isInteger(value) && (value as number) >= -2_147_483_648 && (value as number) <= 2_147_483_647,
);

export const NullableStringColumn = columnScalar(
  'NullableStringColumn',
  'A column of strings or nulls as one JSON array, e.g. `["Berlin", null]`.',
  (value): value is string | null => value === null || typeof value === 'string',
);
