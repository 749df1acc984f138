import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { Config } from '../config/config.js';

/**
 * GraphQL Armor's validation rules: depth, aliases and directives. The rest of what Armor offers
 * is done once for both transports by the operation pipeline (src/graphql/pipeline): the token
 * limit by graphql's own parser option, field suggestions hidden by the error formatter, and the
 * cost limit by query-cost.ts, which counts page sizes given by variables or defaults.
 */
export function armorValidationRules(config: Pick<Config, 'graphql'>): ValidationRule[] {
  const { maxDepth, maxAliases } = config.graphql.limits;
  const armor = new ApolloArmor({
    maxDepth: { n: maxDepth },
    costLimit: { enabled: false },
    maxAliases: { n: maxAliases },
    maxDirectives: { n: 50 },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().validationRules;
}
