import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Logger } from '../logging/logger.js';

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Gives every error a stable `extensions.code`. Our own errors keep their message; anything
 * unexpected is logged with an error id and, in production, reaches the client only as that id.
 * In production, graphql's "Did you mean …?" suggestions are cut from messages too: they would
 * let anyone map the schema with introspection off. The same formatter serves HTTP (Apollo's
 * formatError) and WebSocket (formatWebSocketErrors).
 */
const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR' satisfies ErrorCode;

export function createErrorFormatter(logger: Logger, isProduction: boolean): ErrorFormatter {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return { ...formatted, message: original.message, extensions: { ...formatted.extensions, code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (code !== INTERNAL_SERVER_ERROR && code !== undefined) return formatted;

    const errorId = randomUUID();
    logger.error({ err: original, errorId, path: formatted.path }, 'unexpected error in GraphQL operation');
    if (!isProduction) return { ...formatted, extensions: { ...formatted.extensions, code: INTERNAL_SERVER_ERROR, errorId } };
    return {
      message: `Internal server error (error id ${errorId})`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: INTERNAL_SERVER_ERROR, errorId },
    };
  };
  if (!isProduction) return format;
  return (formatted, error) => {
    const result = format(formatted, error);
    return SUGGESTION.test(result.message) ? { ...result, message: withoutSuggestions(result.message) } : result;
  };
}

/** graphql's suggestions: `Did you mean "a", "b", or "c"?`, `Did you mean the enum value "X"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/;

function withoutSuggestions(message: string): string {
  return message.replace(new RegExp(SUGGESTION.source, 'g'), '').trim();
}

/**
 * Errors as a graphql-ws message carries them, formatted as over HTTP. Apollo strips the
 * `extensions.http` hint (status and headers) from HTTP bodies; it means nothing here either.
 */
export function formatWebSocketErrors(formatError: ErrorFormatter, errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    const formatted = formatError(error.toJSON(), error);
    if (!formatted.extensions || !('http' in formatted.extensions)) return formatted;
    const { http: _http, ...extensions } = formatted.extensions;
    return { ...formatted, extensions };
  });
}

/** A whole result with its errors formatted as a graphql-ws `next` message carries them. */
export function formatExecutionResult(result: ExecutionResult, formatError: ErrorFormatter): FormattedExecutionResult {
  if (!result.errors) return result as FormattedExecutionResult;
  return { ...result, errors: formatWebSocketErrors(formatError, result.errors) } as FormattedExecutionResult;
}
