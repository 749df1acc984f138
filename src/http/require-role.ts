import type { FastifyRequest } from 'fastify';
import type { Role } from '../../entities/roles.js';
import { authenticateRequest } from '../auth/authenticate-request.js';
import { ForbiddenError, UnauthenticatedError } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import { AppError, DependencyUnavailableError } from '../errors/app-error.js';
import type { Services } from '../app/services.js';

/**
 * For plain HTTP routes (outside GraphQL's permission rules): the request's credential must be
 * valid (401) and its role one of `roles` (403). Call it in `onRequest`, before any body is read.
 */
export async function requireRole(request: FastifyRequest, services: Services, roles: readonly Role[], forbidden: string): Promise<Principal> {
  const principal = await authenticateRequest(request.headers, services.auth).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    // Checking a credential reads PostgreSQL: when it cannot, the client should retry later (503).
    request.log.error({ err: error }, 'cannot verify the credential of a request');
    throw new DependencyUnavailableError('PostgreSQL', 'cannot verify credentials right now; try again later', { cause: error });
  });
  if (principal === null) throw new UnauthenticatedError('Send an API key (X-API-Key or Authorization: Bearer) or a session token');
  if (!roles.includes(principal.role)) throw new ForbiddenError(forbidden);
  request.log.debug({ principal: { kind: principal.kind, id: principal.id } }, 'request authorized');
  return principal;
}
