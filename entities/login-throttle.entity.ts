import type { Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { User } from './user.entity.js';

/**
 * Failed password checks against one account from one client address, and the lockout they
 * earned. Kept per (account, address) so that an attacker locks out only their own address: the
 * owner keeps signing in from theirs (issue #12, item 14). Deleted on a successful login from the
 * address and when an administrator resets the password.
 */
@Entity({ tableName: 'login_throttles' })
@Unique({ properties: ['user', 'clientIp'] })
export class LoginThrottle {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  user!: User;

  @Property({ type: 'text' })
  clientIp!: string;

  /** Failures in the current window. */
  @Property({ type: 'integer', default: 0 })
  failedAttempts: number & Opt = 0;

  @Property({ type: 'datetime', nullable: true })
  windowStartedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;

  /** Locks in a row from this address: each doubles the next one (backoff). */
  @Property({ type: 'integer', default: 0 })
  lockCount: number & Opt = 0;

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
