import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle, Role, User } from '../../entities/index.js';
import { JwtSigner } from '../../src/auth/jwt.js';
import { verifyPassword } from '../../src/auth/password-hashing.js';
import { caught, openAuthFixture, testAuthConfig, type AuthFixture } from './auth-fixture.js';

const PASSWORD = 'plum-Otter-42-violin';
const IP = '203.0.113.7';

describe('login, lockout and session tokens', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await openAuthFixture(new Date('2026-11-23T12:00:00Z'));
  });
  afterAll(() => f.close());
  beforeEach(() => f.log.lines.splice(0));

  let counter = 0;
  async function newUser(role: Role = Role.ANALYST) {
    counter += 1;
    const email = `user${counter}@example.com`;
    const { user } = await f.services.users.createUser({ email, role, password: PASSWORD });
    return user;
  }
  async function row(id: string) {
    return f.orm.em.fork().findOneOrFail(User, { id });
  }
  /** The failures counted against the account from `clientIp` (null: none). */
  async function throttle(id: string, clientIp = IP) {
    return f.orm.em.fork().findOne(LoginThrottle, { user: id, clientIp });
  }

  it('returns a token that verifies to the user, with role, issuer, audience, jti and a 15-minute expiry', async () => {
    const user = await newUser(Role.ADMIN);
    const result = await f.services.users.login(user.email.toUpperCase(), PASSWORD, IP);
    expect(result.user).toMatchObject({ id: user.id, email: user.email, role: Role.ADMIN });
    expect(result.expiresAt.getTime()).toBe(f.clock.now().getTime() + 15 * 60_000);

    const claims = decodeJwt(result.token);
    expect(claims).toMatchObject({ sub: user.id, role: 'ADMIN', iss: 'dmarc-analytics', aud: 'dmarc-analytics' });
    expect(claims.exp! - claims.iat!).toBe(15 * 60);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);

    expect(await f.services.users.verifyToken(result.token)).toEqual({ kind: 'user', id: user.id, role: Role.ADMIN, email: user.email, expiresAt: result.expiresAt });
    expect((await row(user.id)).lastLoginAt).toEqual(f.clock.now());
  });

  it('answers a wrong password, an unknown email and an invalid email identically', async () => {
    const user = await newUser();
    const errors = [
      await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP)),
      await caught(() => f.services.users.login('nobody@example.com', PASSWORD, IP)),
      await caught(() => f.services.users.login('not an email', PASSWORD, IP)),
    ];
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', httpStatus: 401, message: 'Invalid email or password' });
    }
  });

  it('logs "Authentication failed" with email and client IP, never the password', async () => {
    const user = await newUser();
    await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
    const failures = f.log.lines.filter((line) => line.msg === 'Authentication failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ email: user.email, clientIp: IP, level: 40 });
    expect(JSON.stringify(f.log.lines)).not.toContain('wrong-password-123');
  });

  it('locks the account after 5 failures within the window, answering like a wrong password, and unlocks after 15 minutes', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i += 1) {
      f.clock.advanceMinutes(1);
      await caught(() => f.services.users.login(user.email, `wrong-password-${i}00`, IP));
    }
    expect((await throttle(user.id))?.lockedUntil).toEqual(new Date(f.clock.now().getTime() + 15 * 60_000));
    expect(f.log.lines.some((line) => line.msg === 'Account locked after repeated failed logins' && line.email === user.email)).toBe(true);

    // The right password is refused while locked, with the same answer as a wrong one.
    const locked = await caught(() => f.services.users.login(user.email, PASSWORD, IP));
    expect(locked).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid email or password' });

    f.clock.advanceMinutes(14);
    await expect(f.services.users.login(user.email, PASSWORD, IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    f.clock.advanceMinutes(1);
    await expect(f.services.users.login(user.email, PASSWORD, IP)).resolves.toMatchObject({ user: { id: user.id } });
    expect(await throttle(user.id)).toBeNull();
  });

  it('does not lock when the failures are spread over more than the window', async () => {
    const user = await newUser();
    for (let i = 0; i < 8; i += 1) {
      f.clock.advanceMinutes(4); // 4 failures at most in any 15 minutes
      await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
    }
    expect((await throttle(user.id))?.lockedUntil).toBeNull();
    await expect(f.services.users.login(user.email, PASSWORD, IP)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('resets the failure count on a successful login', async () => {
    const user = await newUser();
    for (let i = 0; i < 4; i += 1) await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
    expect((await throttle(user.id))?.failedAttempts).toBe(4);
    await f.services.users.login(user.email, PASSWORD, IP);
    expect(await throttle(user.id)).toBeNull();
    // Four more failures do not lock: the earlier four no longer count.
    for (let i = 0; i < 4; i += 1) await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
    expect((await throttle(user.id))?.lockedUntil).toBeNull();
  });

  it('locks the account only for the address that guessed: its owner still signs in from another one', async () => {
    const admin = await newUser(Role.ADMIN);
    const attacker = '192.0.2.66';
    for (let i = 0; i < 8; i += 1) await caught(() => f.services.users.login(admin.email, `wrong-password-${i}00`, attacker));
    expect((await throttle(admin.id, attacker))?.lockedUntil).not.toBeNull();
    // Even the right password is refused from the attacker's address…
    await expect(f.services.users.login(admin.email, PASSWORD, attacker)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // …while the owner, from their own address, is not locked out.
    await expect(f.services.users.login(admin.email, PASSWORD, IP)).resolves.toMatchObject({ user: { id: admin.id } });
  });

  it('backs off: each further lock from the same address lasts twice as long, up to a day', async () => {
    const user = await newUser();
    const lockOnce = async () => {
      for (let i = 0; i < 5; i += 1) await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
      const until = (await throttle(user.id))!.lockedUntil!;
      return Math.round((until.getTime() - f.clock.now().getTime()) / 60_000);
    };
    const lengths: number[] = [];
    for (let lock = 0; lock < 9; lock += 1) {
      lengths.push(await lockOnce());
      f.clock.advanceMinutes(lengths.at(-1)!);
    }
    expect(lengths).toEqual([15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
    const line = f.log.lines.findLast((l) => l.msg === 'Account locked after repeated failed logins');
    expect(line).toMatchObject({ email: user.email, clientIp: IP, lockoutMinutes: 1440, via: 'login' });
    // A successful login from the address forgets its backoff.
    await f.services.users.login(user.email, PASSWORD, IP);
    expect(await lockOnce()).toBe(15);
  });

  it('checks the lockout on changeOwnPassword: guesses of the current password lock it, the right one is then refused, and the lock is logged', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i += 1) {
      await expect(f.services.users.changeOwnPassword(user.id, `wrong-password-${i}00`, 'new-Walrus-7-harbour', IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(f.log.lines.find((l) => l.msg === 'Account locked after repeated failed logins' && l.userId === user.id)).toMatchObject({
      clientIp: IP,
      via: 'changeOwnPassword',
      lockoutMinutes: 15,
    });
    // The right current password no longer helps from this address, and login from it is locked too.
    await expect(f.services.users.changeOwnPassword(user.id, PASSWORD, 'new-Walrus-7-harbour', IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(f.services.users.login(user.email, PASSWORD, IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await verifyPassword((await row(user.id)).passwordHash, PASSWORD)).toBe(true);
    f.clock.advanceMinutes(15);
    await expect(f.services.users.changeOwnPassword(user.id, PASSWORD, 'new-Walrus-7-harbour', IP)).resolves.toMatchObject({ token: expect.any(String) });
  });

  it('rejects a token issued before a password change, and accepts the one the change hands out', async () => {
    const user = await newUser();
    const { token } = await f.services.users.login(user.email, PASSWORD, IP);
    f.clock.advanceMinutes(1);
    const fresh = await f.services.users.changeOwnPassword(user.id, PASSWORD, 'new-Walrus-7-harbour', IP);
    await expect(f.services.users.verifyToken(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token issued before the last password change' });
    await expect(f.services.users.verifyToken(fresh.token)).resolves.toMatchObject({ id: user.id });
    await expect(f.services.users.login(user.email, PASSWORD, IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(f.services.users.login(user.email, 'new-Walrus-7-harbour', IP)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('rejects an expired token', async () => {
    const user = await newUser();
    const { token } = await f.services.users.login(user.email, PASSWORD, IP);
    f.clock.advanceMinutes(14);
    await expect(f.services.users.verifyToken(token)).resolves.toMatchObject({ id: user.id });
    f.clock.advanceMinutes(1);
    await expect(f.services.users.verifyToken(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Token expired' });
  });

  it('rejects a tampered token, one signed with another secret, a wrong issuer and alg none', async () => {
    const user = await newUser(Role.VIEWER);
    const { token } = await f.services.users.login(user.email, PASSWORD, IP);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const elevated = Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'ADMIN' })).toString('base64url');
    const key = new TextEncoder().encode(testAuthConfig.auth.jwtSecret);
    const iat = Math.floor(f.clock.now().getTime() / 1000);
    const signed = (issuer: string, secret = key) =>
      new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer(issuer).setAudience('dmarc-analytics')
        .setIssuedAt(iat).setExpirationTime(iat + 600).setJti('00000000-0000-4000-8000-000000000000').sign(secret);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;

    const bad = [
      `${header}.${elevated}.${signature}`,
      await signed('dmarc-analytics', new TextEncoder().encode('another-secret-that-is-long-enough-000000')),
      await signed('someone-else'),
      unsigned,
      'garbage',
    ];
    for (const candidate of bad) {
      await expect(f.services.users.verifyToken(candidate)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Invalid token' });
    }
    // The genuine article, for contrast.
    await expect(f.services.users.verifyToken(await signed('dmarc-analytics'))).resolves.toMatchObject({ id: user.id });
  });

  it('takes the role from the database, so a demotion applies to live tokens', async () => {
    const user = await newUser(Role.ADMIN);
    const { token } = await f.services.users.login(user.email, PASSWORD, IP);
    await f.services.users.setRole(user.id, 'viewer');
    await expect(f.services.users.verifyToken(token)).resolves.toMatchObject({ role: Role.VIEWER });
  });

  it('signs tokens that another signer with the same secret accepts', async () => {
    const signer = new JwtSigner(testAuthConfig.auth.jwtSecret, 15, f.clock.now);
    const { token } = await signer.sign('3f1c1c6e-8a4e-4d0a-9a39-2b8f6c1e2d11', Role.INGEST);
    await expect(signer.verify(token)).resolves.toMatchObject({ sub: '3f1c1c6e-8a4e-4d0a-9a39-2b8f6c1e2d11', role: Role.INGEST });
  });
});
