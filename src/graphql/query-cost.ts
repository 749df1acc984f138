import { getOperationAST, getVariableValues, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { graphQLErrorFor } from '../errors/graphql-error.js';

/** The arguments that say how many items a list field returns, in the order they are looked for. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last', 'limit'] as const;

/**
 * A field costs 1 plus what it selects, times the page it asks for. The page size is the argument
 * as the resolver will see it: a literal, a variable or the schema's default (`records` returns 500
 * when `first` is left out), so a small-looking query cannot fetch half a million rows.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  for (const name of PAGE_SIZE_ARGUMENTS) {
    const size: unknown = args[name];
    if (typeof size === 'number' && size > 0) return 1 + childComplexity * size;
  }
  return undefined;
};

export interface CostedOperation {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variables?: Record<string, unknown> | null | undefined;
}

/** The operation's cost; it needs the variables, so it runs once they are known, before execution. */
function operationCost({ schema, document, operationName, variables }: CostedOperation): number {
  return getComplexity({
    schema,
    query: document,
    ...(operationName ? { operationName } : {}),
    variables: variables ?? {},
    estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

/**
 * The refusal of an operation over `maxCost`: a validation failure, answered with HTTP 400.
 * Undefined when within the limit, or when the variables do not fit their types: the executor
 * refuses those with BAD_USER_INPUT before anything runs (the cost cannot be known without them).
 */
export function costLimitError(operation: CostedOperation, maxCost: number): GraphQLError | undefined {
  const definition = getOperationAST(operation.document, operation.operationName);
  if (!definition) return undefined;
  if (getVariableValues(operation.schema, definition.variableDefinitions ?? [], operation.variables ?? {}).errors) return undefined;
  const cost = operationCost(operation);
  if (cost <= maxCost) return undefined;
  return graphQLErrorFor('GRAPHQL_VALIDATION_FAILED', `Cost limit of ${maxCost} exceeded: this operation costs ${cost}. Ask for smaller pages.`, {
    extensions: { cost, maxCost },
  });
}

