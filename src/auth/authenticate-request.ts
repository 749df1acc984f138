import { API_KEY_PREFIX } from './api-keys-service.js';
import { UnauthenticatedError } from './errors.js';
import type { Principal } from './principal.js';

/** Request headers as Node gives them (names lower-cased; repeated headers as arrays). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CredentialVerifiers {
  readonly users: { verifyToken(token: string): Promise<Principal> };
  readonly apiKeys: { authenticate(rawKey: string): Promise<Principal> };
}

/**
 * The principal behind a request's credential: `Authorization: Bearer <JWT or API key>` or
 * `X-API-Key: <API key>`. Null when there is none (anonymous); UNAUTHENTICATED when there is one
 * and it is not valid, so a broken credential never silently degrades to anonymous access.
 */
export async function authenticateRequest(headers: RequestHeaders, verifiers: CredentialVerifiers): Promise<Principal | null> {
  const authorization = single(headers, 'authorization');
  const apiKeyHeader = single(headers, 'x-api-key');
  if (authorization !== undefined && apiKeyHeader !== undefined) {
    throw new UnauthenticatedError('Send one credential: either Authorization or X-API-Key');
  }
  if (apiKeyHeader !== undefined) return verifiers.apiKeys.authenticate(apiKeyHeader);
  if (authorization === undefined) return null;

  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  const credential = match?.[1];
  if (!credential) throw new UnauthenticatedError('Authorization must be "Bearer <token or API key>"');
  return credential.startsWith(API_KEY_PREFIX) ? verifiers.apiKeys.authenticate(credential) : verifiers.users.verifyToken(credential);
}

/** One header value; a header sent twice is ambiguous and refused. Blank counts as absent. */
function single(headers: RequestHeaders, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    if (value.length > 1) throw new UnauthenticatedError(`Send the ${name} header once`);
    return blankToUndefined(value[0]);
  }
  return blankToUndefined(value);
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
