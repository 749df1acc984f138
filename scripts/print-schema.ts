/** Prints the GraphQL schema as committed in schema.graphql (`npm run schema` writes it). */
import { buildGraphQLSchema, printSchemaSdl } from '../src/graphql/schema.js';

process.stdout.write(printSchemaSdl(await buildGraphQLSchema()));
