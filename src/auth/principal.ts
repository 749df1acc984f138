import type { Role } from '../../entities/roles.js';

/** Who is making a request: a signed-in user (JWT) or a machine (API key). */
export interface Principal {
  readonly kind: 'user' | 'apiKey';
  /** users.id or api_keys.id. */
  readonly id: string;
  readonly role: Role;
  /** Users only. */
  readonly email?: string;
  /** When the credential stops being valid (the session token's exp, the API key's expiry); absent for keys that never expire. */
  readonly expiresAt?: Date;
}

/** Who made a change, as audit trails show it: the user's address or the API key's id. */
export function actorName(principal: Principal): string {
  return principal.kind === 'user' ? (principal.email ?? `user ${principal.id}`) : `api key ${principal.id}`;
}
