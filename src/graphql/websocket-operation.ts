import { parse, type ExecutionArgs, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
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
): ExecutionArgs | readonly GraphQLError[] {
  const document = parse(payload.query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid;
  const operation = { schema, document, operationName: payload.operationName, variables: payload.variables };
  const tooCostly = costLimitError(operation, maxCost);
  if (tooCostly) return [tooCostly];
  return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null };
}
