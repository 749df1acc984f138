import { authenticateRequest, type CredentialVerifiers, type RequestHeaders } from '../auth/authenticate-request.js';
import { CREDENTIALS_UNAVAILABLE_MESSAGE, UnauthenticatedError } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import { graphQLErrorFor } from '../errors/graphql-error.js';
import type { Logger } from '../logging/logger.js';

/**
 * The principal of an HTTP GraphQL request. A credential that is present but invalid fails the
 * whole request with UNAUTHENTICATED and HTTP 401. Apollo passes a GraphQLError thrown while
 * building the context through unchanged; anything else would become a 500 "Context creation
 * failed" carrying the raw message.
 */
export async function principalOfRequest(headers: RequestHeaders, verifiers: CredentialVerifiers, logger: Logger): Promise<Principal | null> {
  try {
    return await authenticateRequest(headers, verifiers);
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      throw graphQLErrorFor(error.code, error.message);
    }
    // Checking a credential reads PostgreSQL (roles and revocations live there, not in the token).
    // When it cannot, the caller learns that the service is unavailable, not why.
    logger.error({ err: error }, 'cannot verify the credential of a GraphQL request');
    throw graphQLErrorFor('DEPENDENCY_UNAVAILABLE', CREDENTIALS_UNAVAILABLE_MESSAGE);
  }
}
