import { GraphQLError } from 'graphql';
import { errorCodes, type ErrorCode } from './error-codes.js';

export interface GraphQLErrorOptions {
  /** More `extensions` beside `code` (e.g. `retryAfterSeconds`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers (Apollo sets them over HTTP, e.g. `retry-after`). */
  readonly headers?: ReadonlyMap<string, string>;
  /**
   * Over HTTP Apollo turns `extensions.http` into the response status and strips it from the body;
   * a WebSocket would send it to the client as it is, so errors built for graphql-ws leave it out.
   */
  readonly http?: boolean;
}

/**
 * A GraphQLError whose `extensions.code` and HTTP status come from the error registry, for the
 * refusals raised before or outside a resolver (context building, plugins, WebSocket gates).
 * Resolvers and services throw AppError subclasses instead; formatError gives them their code.
 */
export function graphQLErrorFor(code: ErrorCode, message: string, options: GraphQLErrorOptions = {}): GraphQLError {
  const http = options.http === false ? {} : { http: { status: errorCodes[code].httpStatus, ...(options.headers ? { headers: new Map(options.headers) } : {}) } };
  return new GraphQLError(message, { extensions: { code, ...options.extensions, ...http } });
}
