import type { GraphQLError } from 'graphql';
import { errorCodes, type ErrorCode } from '../errors/error-codes.js';
import { graphQLErrorFor } from '../errors/graphql-error.js';

/** The registry's code for every rate-limit refusal (HTTP, GraphQL, WebSocket upgrade). */
export const RATE_LIMITED = 'RATE_LIMITED' satisfies ErrorCode;

/** HTTP status of a refusal (429), from the error registry. */
export const rateLimitedStatus = errorCodes[RATE_LIMITED].httpStatus;

export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many requests; retry in ${retryAfterSeconds} s`;
}

/**
 * The body of an HTTP 429, in the shape of every HTTP error (`{ error: { code, message, requestId } }`),
 * built as text: a flood's refusals should not each cost an Error, its stack trace and a serializer.
 */
export function rateLimitedBody(retryAfterSeconds: number, requestId: string): string {
  return `{"error":{"code":"${RATE_LIMITED}","message":"${rateLimitedMessage(retryAfterSeconds)}","requestId":${JSON.stringify(requestId)}}}`;
}

/** The same refusal for a GraphQL operation; Apollo sends the status and `retry-after` over HTTP. */
export function rateLimitedGraphQLError(retryAfterSeconds: number): GraphQLError {
  return graphQLErrorFor(RATE_LIMITED, rateLimitedMessage(retryAfterSeconds), {
    extensions: { retryAfterSeconds },
    headers: new Map([['retry-after', String(retryAfterSeconds)]]),
  });
}
