import { GraphQLError } from 'graphql';
import { errorCodes } from '../../errors/error-codes.js';
import { graphQLErrorFor } from '../../errors/graphql-error.js';

export { rateLimitedGraphQLError as rateLimitedError } from '../../rate-limit/rate-limited-error.js';

/**
 * The refusals the operation pipeline answers with. Each carries its `extensions.code` and, for
 * HTTP, the status from the error registry (Apollo moves `extensions.http` into the response and
 * strips it from the body; the WebSocket transport strips it too).
 */
export function badUserInputError(message: string): GraphQLError {
  return graphQLErrorFor('BAD_USER_INPUT', message);
}

/** A syntax error (or the token limit) found while parsing, with the code Apollo gives it. */
export function parseFailedError(error: unknown): GraphQLError {
  return graphQLErrorFor('GRAPHQL_PARSE_FAILED', error instanceof Error ? error.message : String(error));
}

/** Validation errors with the code Apollo gives them over HTTP. */
export function validationFailed(errors: readonly GraphQLError[]): GraphQLError[] {
  const code = 'GRAPHQL_VALIDATION_FAILED';
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes ?? null,
        source: error.source ?? null,
        positions: error.positions ?? null,
        extensions: { ...error.extensions, code, http: { status: errorCodes[code].httpStatus } },
      }),
  );
}
