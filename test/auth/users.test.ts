import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, Role, User } from '../../entities/index.js';
import { verifyPassword } from '../../src/auth/password-hashing.js';
import { caught, openAuthFixture, type AuthFixture } from './auth-fixture.js';

const IP = '198.51.100.20';

describe('users service', () => {
  let f: AuthFixture;
  beforeAll(async () => {
    f = await openAuthFixture();
  });
  afterAll(() => f.close());

  it('stores the email lower-cased and only an argon2id hash of the password', async () => {
    const { user, generatedPassword } = await f.services.users.createUser({ email: '  Carol@Example.COM ', role: 'analyst', password: 'plum-Otter-42-violin' });
    expect(generatedPassword).toBeUndefined();
    expect(user).toMatchObject({ email: 'carol@example.com', role: Role.ANALYST });
    const row = await f.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('plum-Otter-42-violin');
  });

  it('generates a strong password when none is given, returned once and usable to sign in', async () => {
    const { user, generatedPassword } = await f.services.users.createUser({ email: 'dave@example.com', role: Role.VIEWER });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    await expect(f.services.users.login('dave@example.com', generatedPassword!, IP)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('refuses a duplicate email (any case) with ALREADY_EXISTS 409', async () => {
    await f.services.users.createUser({ email: 'erin@example.com', role: Role.VIEWER });
    const error = await caught(() => f.services.users.createUser({ email: 'ERIN@example.com', role: Role.VIEWER }));
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', httpStatus: 409 });
  });

  it('refuses an invalid email or role with BAD_USER_INPUT and a weak password with WEAK_PASSWORD', async () => {
    await expect(f.services.users.createUser({ email: 'no-at-sign', role: Role.VIEWER })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(f.services.users.createUser({ email: 'frank@example.com', role: 'superuser' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const weak = await caught(() => f.services.users.createUser({ email: 'frank@example.com', role: Role.VIEWER, password: 'x9!Tq7#mL2' }));
    expect(weak).toMatchObject({ code: 'WEAK_PASSWORD', reasons: ['must be at least 12 characters long'] });
  });

  it('lets an admin reset a password: the old one stops working and a lockout is lifted', async () => {
    const { user } = await f.services.users.createUser({ email: 'grace@example.com', role: Role.ANALYST, password: 'plum-Otter-42-violin' });
    for (let i = 0; i < 5; i += 1) await caught(() => f.services.users.login(user.email, 'wrong-password-123', IP));
    expect((await f.orm.em.fork().findOneOrFail(LoginThrottle, { user: user.id, clientIp: IP })).lockedUntil).not.toBeNull();

    const { generatedPassword } = await f.services.users.resetPassword(user.id);
    await expect(f.services.users.login(user.email, 'plum-Otter-42-violin', IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(f.services.users.login(user.email, generatedPassword!, IP)).resolves.toMatchObject({ user: { id: user.id } });
    expect(await f.orm.em.fork().count(LoginThrottle, { user: user.id })).toBe(0);
    await expect(f.services.users.resetPassword(user.id, 'grace@example.com')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
  });

  it('changes a password only with the right current one, and refuses reusing it', async () => {
    const { user } = await f.services.users.createUser({ email: 'heidi@example.com', role: Role.ANALYST, password: 'plum-Otter-42-violin' });
    await expect(f.services.users.changeOwnPassword(user.id, 'wrong-password-123', 'new-Walrus-7-harbour', IP)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await f.orm.em.fork().findOneOrFail(LoginThrottle, { user: user.id, clientIp: IP })).failedAttempts).toBe(1);
    await expect(f.services.users.changeOwnPassword(user.id, 'plum-Otter-42-violin', 'plum-Otter-42-violin', IP)).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await f.services.users.changeOwnPassword(user.id, 'plum-Otter-42-violin', 'new-Walrus-7-harbour', IP);
    const row = await f.orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(await verifyPassword(row.passwordHash, 'new-Walrus-7-harbour')).toBe(true);
  });

  it('changes roles and reports unknown users as NOT_FOUND', async () => {
    const { user } = await f.services.users.createUser({ email: 'ivan@example.com', role: Role.VIEWER });
    await expect(f.services.users.setRole(user.id, Role.ADMIN)).resolves.toMatchObject({ role: Role.ADMIN });
    await expect(f.services.users.setRole('00000000-0000-4000-8000-000000000000', Role.ADMIN)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.services.users.setRole('not-a-uuid', Role.ADMIN)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
