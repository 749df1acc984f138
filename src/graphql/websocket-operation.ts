import { Kind, parse, type DocumentNode, type ExecutionArgs, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { DocumentCache } from './document-cache.js';
import { costLimitError } from './query-cost.js';

type Validate = (schema: GraphQLSchema, document: ReturnType<typeof parse>) => readonly GraphQLError[];

/**
 * A WebSocket operation checked as HTTP ones are: parsed once, validated (the same rules, Armor's
 * limits included), then held to the cost limit, which needs the variables. What graphql-ws's
 * onSubscribe returns: the errors, or the arguments to execute. A syntax error is thrown, for
 * graphql-ws to answer as it does when it parses.
 */
export function prepareWebSocketOperation(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  validate: Validate,
  maxCost: number,
  documents?: DocumentCache,
): ExecutionArgs | readonly GraphQLError[] {
  const prepare = (): DocumentNode | readonly GraphQLError[] => {
    const parsed = parse(payload.query);
    const invalid = validate(schema, parsed);
    return invalid.length > 0 ? invalid : parsed;
  };
  const prepared = documents ? documents.get(payload.query, prepare, isDocument) : prepare();
  if (!isDocument(prepared)) return prepared;
  const document = prepared;
  const operation = { schema, document, operationName: payload.operationName, variables: payload.variables };
  const tooCostly = costLimitError(operation, maxCost);
  if (tooCostly) return [tooCostly];
  return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
}

function isDocument(value: DocumentNode | readonly GraphQLError[]): value is DocumentNode {
  return !Array.isArray(value) && (value as DocumentNode).kind === Kind.DOCUMENT;
}
