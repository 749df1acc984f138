import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { createAuthServices, type AuthServices } from './auth-services.js';

/** Users, sessions and API keys; a role, password or key change emits `credentialChanged`. */
export function authModule(context: ConcernContext): ConcernModule<{ auth: AuthServices }> {
  return { name: 'auth', provides: { auth: createAuthServices({ ...context, now: context.clock }) } };
}
