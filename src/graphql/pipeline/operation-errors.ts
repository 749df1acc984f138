import { GraphQLError } from 'graphql';
import { RATE_LIMITED, rateLimitedMessage } from '../../rate-limit/rate-limited-error.js';

/**
 * The refusals the operation pipeline answers with. Each carries its `extensions.code` and, for
 * HTTP, the status (Apollo moves `extensions.http` into the response and strips it from the body;
 * the WebSocket transport strips it too).
 */
export function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(rateLimitedMessage(retryAfterSeconds), {
    extensions: {
      code: RATE_LIMITED,
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

export function badUserInputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/** A syntax error (or the token limit) found while parsing, with the code Apollo gives it. */
export function parseFailedError(error: unknown): GraphQLError {
  const message = error instanceof Error ? error.message : String(error);
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } } });
}

/** Validation errors with the code Apollo gives them over HTTP. */
export function validationFailed(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes ?? null,
        source: error.source ?? null,
        positions: error.positions ?? null,
        extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
      }),
  );
}
