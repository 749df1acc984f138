import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../entities/roles.js';
import { User } from '../../entities/user.entity.js';
import { NotFoundError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import type { Clock } from './clock.js';
import type { DomainEvents } from '../events/domain-events.js';
import { normalizeEmail } from './email.js';
import { AlreadyExistsError, INVALID_LOGIN_MESSAGE, UnauthenticatedError, WeakPasswordError } from './errors.js';
import type { IssuedToken, JwtSigner } from './jwt.js';
import { LoginThrottling, type LockoutSettings } from './login-throttling.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password-hashing.js';
import { assertAcceptablePassword } from './password-policy.js';
import type { Principal } from './principal.js';
import { generatePassword } from './random-secret.js';
import { parseRole } from './roles.js';
import { summarizeUser, type UserSummary } from './user-summary.js';
import { isUuid } from '../validation/arguments.js';

export type { LockoutSettings } from './login-throttling.js';

export interface UsersServiceOptions {
  /** Forked for every operation, so the service is safe to share. */
  readonly em: EntityManager;
  readonly jwt: JwtSigner;
  readonly logger: Logger;
  readonly lockout: LockoutSettings;
  readonly now: Clock;
  /** `credentialChanged` when a role or password changes, so open sessions (WebSockets) end at once. */
  readonly events: DomainEvents;
}

export interface LoginResult extends IssuedToken {
  readonly user: UserSummary;
}

/** Why a login failed: logged for operators, never told to the caller. */
type FailureReason = 'invalid-email' | 'unknown-email' | 'wrong-password' | 'locked';

/** `lockedMinutes`: the length of the lock this failure started (0: none). */
type LoginOutcome = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: FailureReason; readonly lockedMinutes: number };


/** Accounts, passwords and sessions. No HTTP here: callers pass what they know about the request. */
export class UsersService {
  private readonly throttling: LoginThrottling;

  constructor(private readonly options: UsersServiceOptions) {
    this.throttling = new LoginThrottling(options.lockout);
  }

  /**
   * A session token for a correct email and password. Every failure (unknown address, wrong
   * password, locked account) is the same UNAUTHENTICATED "Invalid email or password" and costs
   * the same argon2 work, so neither the answer nor its timing tells which it was.
   */
  async login(email: string, password: string, clientIp: string): Promise<LoginResult> {
    const outcome = await this.checkLogin(email, password, clientIp);
    if (!outcome.ok) {
      const { logger } = this.options;
      const shownEmail = email.trim().toLowerCase().slice(0, 254);
      logger.warn({ email: shownEmail, clientIp, reason: outcome.reason }, 'Authentication failed');
      if (outcome.lockedMinutes > 0) this.logLock({ email: shownEmail, clientIp, lockoutMinutes: outcome.lockedMinutes, via: 'login' });
      throw new UnauthenticatedError(INVALID_LOGIN_MESSAGE);
    }
    const issued = await this.options.jwt.sign(outcome.user.id, outcome.user.role);
    return { ...issued, user: summarizeUser(outcome.user) };
  }

  private logLock(fields: { email?: string; userId?: string; clientIp: string; lockoutMinutes: number; via: 'login' | 'changeOwnPassword' }): void {
    this.options.logger.warn(fields, 'Account locked after repeated failed logins');
  }

  private async checkLogin(rawEmail: string, password: string, clientIp: string): Promise<LoginOutcome> {
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      await verifyAgainstDummy(password);
      return { ok: false, reason: 'invalid-email', lockedMinutes: 0 };
    }
    // The row stays locked (SELECT ... FOR UPDATE) from reading the counters to writing them, so
    // parallel guesses against one account are counted one after another and cannot overtake the
    // lockout. Failures are returned, not thrown, so their counters are committed.
    return this.options.em.fork().transactional(async (em): Promise<LoginOutcome> => {
      const user = await em.findOne(User, { email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!user) {
        await verifyAgainstDummy(password);
        return { ok: false, reason: 'unknown-email', lockedMinutes: 0 };
      }
      const now = this.options.now();
      const throttle = await this.throttling.find(em, user, clientIp);
      // Checked even when locked, so a locked account answers as slowly as any other.
      const matches = await verifyPassword(user.passwordHash, password);
      if (this.throttling.isLocked(throttle, now)) return { ok: false, reason: 'locked', lockedMinutes: 0 };
      if (!matches) return { ok: false, reason: 'wrong-password', lockedMinutes: this.throttling.recordFailure(em, user, throttle, clientIp, now) };
      this.throttling.cleared(em, throttle);
      user.lastLoginAt = now;
      // Hashes made with weaker parameters than today's are upgraded while the password is at hand.
      if (needsRehash(user.passwordHash)) user.passwordHash = await hashPassword(password);
      return { ok: true, user };
    });
  }

  /**
   * The user behind a session token. The role comes from the database, not the token, so a
   * demotion applies at once; a token issued before the last password change is refused.
   */
  async verifyToken(token: string): Promise<Principal> {
    const claims = await this.options.jwt.verify(token);
    if (!isUuid(claims.sub)) throw new UnauthenticatedError('Invalid token');
    const user = await this.options.em.fork().findOne(User, { id: claims.sub });
    if (!user) throw new UnauthenticatedError('Invalid token');
    // iat has whole seconds: a token from the same second as the change still counts, which the
    // new token handed out by changeOwnPassword relies on.
    if (claims.iat < Math.floor(user.passwordChangedAt.getTime() / 1000)) {
      throw new UnauthenticatedError('Token issued before the last password change');
    }
    return { kind: 'user', id: user.id, role: user.role, email: user.email, expiresAt: new Date(claims.exp * 1000) };
  }

  /**
   * A new account. Without a password one is generated and returned once, for the admin to pass
   * on; it is never stored or logged in clear.
   */
  async createUser(input: { email: string; role: Role | string; password?: string | undefined }): Promise<{ user: UserSummary; generatedPassword?: string }> {
    const email = normalizeEmail(input.email);
    const role = parseRole(input.role);
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generatedPassword!;
    assertAcceptablePassword(password, email);

    const em = this.options.em.fork();
    if (await em.count(User, { email })) throw alreadyExists(email);
    const user = em.create(User, { email, role, passwordHash: await hashPassword(password), passwordChangedAt: this.options.now() });
    try {
      await em.flush();
    } catch (error) {
      // Another request created the same address between the check and the insert.
      if (error instanceof UniqueConstraintViolationException) throw alreadyExists(email);
      throw error;
    }
    this.options.logger.info({ userId: user.id, email, role }, 'user created');
    return generatedPassword === undefined ? { user: summarizeUser(user) } : { user: summarizeUser(user), generatedPassword };
  }

  async setRole(userId: string, role: Role | string): Promise<UserSummary> {
    const parsed = parseRole(role);
    const em = this.options.em.fork();
    const user = await findUser(em, userId);
    user.role = parsed;
    await em.flush();
    this.options.logger.info({ userId, role: parsed }, 'user role changed');
    // Not awaited, as a notice: the change is committed; the reactions (ending sessions) follow it.
    void this.options.events.emit('credentialChanged', { kind: 'user', id: user.id, reason: 'role changed' });
    return summarizeUser(user);
  }

  /**
   * An administrator sets a new password (generated and returned once when none is given). It
   * also lifts a lockout and ends every session of the user.
   */
  async resetPassword(userId: string, newPassword?: string): Promise<{ generatedPassword?: string }> {
    const em = this.options.em.fork();
    const user = await findUser(em, userId);
    const generatedPassword = newPassword === undefined ? generatePassword() : undefined;
    const password = newPassword ?? generatedPassword!;
    assertAcceptablePassword(password, user.email);
    await this.replacePassword(user, password);
    await this.throttling.clearAll(em, user);
    await em.flush();
    this.options.logger.info({ userId }, 'password reset by an administrator');
    void this.options.events.emit('credentialChanged', { kind: 'user', id: user.id, reason: 'password reset' });
    return generatedPassword === undefined ? {} : { generatedPassword };
  }

  /** Forgets failed-login records that no longer lock or slow anyone (the purge-history job). */
  purgeStaleThrottles(): Promise<number> {
    return this.throttling.purgeStale(this.options.em.fork(), this.options.now());
  }

  /**
   * A signed-in user changes their own password. The current password is checked like a login
   * from `clientIp`: a wrong one counts towards the lockout, and while the account is locked for
   * that address even the right one is refused (and the lock is logged), so a stolen session cannot
   * be used to guess it. Other sessions end; the returned token keeps this one going.
   */
  async changeOwnPassword(userId: string, currentPassword: string, newPassword: string, clientIp: string): Promise<IssuedToken> {
    const checked = await this.options.em.fork().transactional(async (em) => {
      const user = await findUser(em, userId, LockMode.PESSIMISTIC_WRITE);
      const now = this.options.now();
      const throttle = await this.throttling.find(em, user, clientIp);
      const matches = await verifyPassword(user.passwordHash, currentPassword);
      if (this.throttling.isLocked(throttle, now)) return { ok: false as const, reason: 'locked' as const, lockedMinutes: 0, user };
      if (!matches) return { ok: false as const, reason: 'wrong-password' as const, lockedMinutes: this.throttling.recordFailure(em, user, throttle, clientIp, now), user };
      return { ok: true as const, user };
    });
    if (!checked.ok) {
      this.options.logger.warn({ userId, clientIp, reason: checked.reason }, 'Current password check failed');
      if (checked.lockedMinutes > 0) this.logLock({ userId, email: checked.user.email, clientIp, lockoutMinutes: checked.lockedMinutes, via: 'changeOwnPassword' });
      throw new UnauthenticatedError('Current password is incorrect');
    }
    if (newPassword === currentPassword) throw new WeakPasswordError(['must differ from the current password']);
    const em = this.options.em.fork();
    const user = await findUser(em, userId);
    assertAcceptablePassword(newPassword, user.email);
    await this.replacePassword(user, newPassword);
    await em.flush();
    this.options.logger.info({ userId }, 'password changed');
    void this.options.events.emit('credentialChanged', { kind: 'user', id: user.id, reason: 'password changed' });
    return this.options.jwt.sign(user.id, user.role);
  }

  /** Every account, oldest first; summaries only (no hashes, no lockout counters). */
  async list(): Promise<UserSummary[]> {
    const users = await this.options.em.fork().find(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return users.map(summarizeUser);
  }

  /** One account; NOT_FOUND for an unknown or malformed id. */
  async get(id: string): Promise<UserSummary> {
    return summarizeUser(await findUser(this.options.em.fork(), id));
  }

  private async replacePassword(user: User, password: string): Promise<void> {
    user.passwordHash = await hashPassword(password);
    user.passwordChangedAt = this.options.now();
  }
}

async function findUser(em: EntityManager, userId: string, lockMode?: LockMode.PESSIMISTIC_WRITE): Promise<User> {
  const user = isUuid(userId) ? await em.findOne(User, { id: userId }, lockMode ? { lockMode } : {}) : null;
  if (!user) throw new NotFoundError(`No user with id ${userId}`);
  return user;
}

function alreadyExists(email: string): AlreadyExistsError {
  return new AlreadyExistsError(`A user with email ${email} already exists`);
}
