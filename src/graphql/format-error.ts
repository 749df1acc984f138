import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Logger } from '../logging/logger.js';

/**
 * Gives every error a stable `extensions.code`. Our own errors keep their message; anything
 * unexpected is logged with an error id and, in production, reaches the client only as that id.
 */
const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR' satisfies ErrorCode;

export function createErrorFormatter(logger: Logger, isProduction: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
}
