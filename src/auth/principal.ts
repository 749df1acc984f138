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

/** How a principal is named in audit logs and state changes: the user's e-mail, or `api key <id>`. */
export function principalName(principal: Principal): string {
  return principal.kind === 'user' ? (principal.email ?? `user ${principal.id}`) : `api key ${principal.id}`;
}
