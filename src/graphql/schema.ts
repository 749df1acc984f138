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
  return buildSchema({ resolvers, validate: false, pubSub: noTopicPubSub });
}

/**
 * type-graphql insists on a PubSub once a schema has subscriptions. Ours never use it: every
 * subscription field has its own `subscribe`, which joins the subscription hub (src/subscriptions/).
 */
const noTopicPubSub = {
  publish(): never {
    throw new Error('publish through the event bus (src/pubsub/), not type-graphql');
  },
  subscribe(): never {
    throw new Error('subscription fields must join the subscription hub with their own subscribe function');
  },
};

/** The schema as committed in schema.graphql: sorted, so diffs show real changes only. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
