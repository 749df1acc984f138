import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import { DomainEvents } from '../events/domain-events.js';
import type { Logger } from '../logging/logger.js';
import { ApiKeysService } from './api-keys-service.js';
import { systemClock, type Clock } from './clock.js';
import { JwtSigner } from './jwt.js';
import { UsersService } from './users-service.js';

export interface AuthServices {
  readonly users: UsersService;
  readonly apiKeys: ApiKeysService;
  readonly jwt: JwtSigner;
}

/**
 * The identity services wired from configuration; `now` is replaceable for tests. Role, password
 * and API key changes are emitted as `credentialChanged` on `events` (nothing hears them without).
 */
export function createAuthServices(options: { em: EntityManager; config: Pick<Config, 'auth'>; logger: Logger; events?: DomainEvents; now?: Clock }): AuthServices {
  const { em, logger } = options;
  const auth = options.config.auth;
  const now = options.now ?? systemClock;
  const jwt = new JwtSigner(auth.jwtSecret, auth.jwtTtlMinutes, now);
  const events = options.events ?? new DomainEvents(logger);
  return {
    jwt,
    users: new UsersService({ em, jwt, logger, now, lockout: auth, events }),
    apiKeys: new ApiKeysService({ em, logger, now, events }),
  };
}

/** Said once at start-up by whoever wires authentication in: sessions will not survive a restart. */
export function warnAboutAuthConfig(config: Pick<Config, 'auth'>, logger: Logger): void {
  if (config.auth.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret for this process; sessions end when it stops (set JWT_SECRET to keep them)');
  }
}
