import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../resolvers/index.js';

/**
 * Builds the executable schema from the type-graphql resolvers. `validate: false`: arguments are
 * checked by the services (src/validation/arguments.ts, BAD_USER_INPUT), where the CLI and jobs get
 * the same checks; class-validator (type-graphql's optional peer) is not installed.
 */
export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false });
}

/** The schema as committed in schema.graphql: sorted, so diffs show real changes only. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
