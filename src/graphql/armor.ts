import { ApolloArmor } from '@escape.tech/graphql-armor';
import { specifiedRules, validate, type GraphQLSchema, type DocumentNode, type ValidationRule } from 'graphql';
import type { Config } from '../config/config.js';

/**
 * Limits against abusive operations (GraphQL Armor): depth, aliases, directives and tokens,
 * field suggestions hidden in production, and no batched HTTP requests. The cost limit is
 * query-cost.ts: it needs the variables, which validation does not see.
 */
export function createArmor(config: Config) {
  const { maxDepth, maxAliases, maxTokens } = config.graphql.limits;
  const armor = new ApolloArmor({
    maxDepth: { n: maxDepth },
    // Armor's cost ignores page sizes given by variables or defaults; query-cost.ts counts them.
    costLimit: { enabled: false },
    maxAliases: { n: maxAliases },
    maxDirectives: { n: 50 },
    maxTokens: { n: maxTokens },
    blockFieldSuggestion: { enabled: config.isProduction },
  });
  return armor.protect();
}

/** The same validation for WebSocket operations as for HTTP ones. */
export function validatorWith(rules: readonly ValidationRule[]) {
  const all = [...specifiedRules, ...rules];
  return (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, all);
}
