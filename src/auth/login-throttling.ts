import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginThrottle } from '../../entities/login-throttle.entity.js';
import type { User } from '../../entities/user.entity.js';

export interface LockoutSettings {
  /** Failed password checks within the window, from one address, that lock the account for that address. */
  readonly loginMaxAttempts: number;
  readonly loginWindowMinutes: number;
  /** The first lock's length; each further lock in a row from the same address doubles it. */
  readonly lockoutMinutes: number;
}

const MINUTE_MS = 60_000;
/** The backoff stops doubling at a day. */
const MAX_LOCKOUT_MINUTES = 24 * 60;
/** A day after a lock ended without another one, the backoff starts over. */
const BACKOFF_MEMORY_MS = 24 * 60 * MINUTE_MS;

/**
 * Lockout per (account, client address), with exponential backoff. Failed password checks
 * (`login`, and `changeOwnPassword`'s current password) count against the account *from that
 * address* only: an attacker who guesses locks out their own address, while the owner keeps
 * signing in from theirs. Guessing one account from many addresses is slowed by the per-account
 * rate limit instead (LOGIN_RATE_LIMIT_PER_MINUTE, shared by every instance through Redis).
 * Callers hold the user's row lock, so parallel guesses are counted one after another.
 */
export class LoginThrottling {
  constructor(private readonly settings: LockoutSettings) {}

  find(em: EntityManager, user: User, clientIp: string): Promise<LoginThrottle | null> {
    return em.findOne(LoginThrottle, { user, clientIp });
  }

  isLocked(throttle: LoginThrottle | null, now: Date): boolean {
    return !!throttle?.lockedUntil && throttle.lockedUntil > now;
  }

  /** Counts a failure in the current window; the length of the lock it started, in minutes, or 0. */
  recordFailure(em: EntityManager, user: User, existing: LoginThrottle | null, clientIp: string, now: Date): number {
    const { loginMaxAttempts, loginWindowMinutes, lockoutMinutes } = this.settings;
    const throttle = existing ?? em.create(LoginThrottle, { user, clientIp });
    const windowStart = throttle.windowStartedAt;
    if (!windowStart || now.getTime() - windowStart.getTime() >= loginWindowMinutes * MINUTE_MS) {
      throttle.failedAttempts = 0;
      throttle.windowStartedAt = now;
    }
    if (throttle.lockedUntil && now.getTime() - throttle.lockedUntil.getTime() >= BACKOFF_MEMORY_MS) throttle.lockCount = 0;
    throttle.failedAttempts += 1;
    if (throttle.failedAttempts < loginMaxAttempts) return 0;
    const minutes = Math.min(lockoutMinutes * 2 ** throttle.lockCount, MAX_LOCKOUT_MINUTES);
    throttle.lockedUntil = new Date(now.getTime() + minutes * MINUTE_MS);
    throttle.lockCount += 1;
    throttle.failedAttempts = 0;
    throttle.windowStartedAt = null;
    return minutes;
  }

  /** A correct password from this address: its failures and backoff are forgotten. */
  cleared(em: EntityManager, throttle: LoginThrottle | null): void {
    if (throttle) em.remove(throttle);
  }

  /**
   * Deletes the rows that no longer change any answer: no lock in force, no lock within the
   * backoff memory, and no failure in a window that is still open. Without this, guesses from
   * many addresses would leave one row per address for ever.
   */
  async purgeStale(em: EntityManager, now: Date): Promise<number> {
    const forgetBefore = new Date(now.getTime() - Math.max(BACKOFF_MEMORY_MS, this.settings.loginWindowMinutes * MINUTE_MS));
    return em.nativeDelete(LoginThrottle, {
      updatedAt: { $lt: forgetBefore },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lt: forgetBefore } }],
    });
  }

  /** Every address's lock on the account is lifted (an administrator reset the password). */
  async clearAll(em: EntityManager, user: User): Promise<void> {
    await em.nativeDelete(LoginThrottle, { user });
  }
}
