import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, User } from '../../entities/index.js';
import { verifyPassword } from '../../src/auth/password-hashing.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { runCli } from '../support/cli.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics create-user', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  const env = () => ({ DATABASE_URL: database.url, NODE_ENV: 'test' });
  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 2, connectTimeoutMs: 5000 }, silentLogger));
  });
  afterAll(async () => {
    await orm.close(true);
    await database.drop();
  });
  const stored = (email: string) => orm.em.fork().findOne(User, { email });

  it('creates a user with a generated password, printed once', async () => {
    const result = await runCli(['create-user', '--email', 'Root@Example.com', '--role', 'admin'], env());
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^created user root@example\.com \(admin\), id [0-9a-f-]{36}$/m);
    const password = /generated password \(shown only now\): ([A-Za-z0-9]{24})$/m.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    const user = await stored('root@example.com');
    expect(user?.role).toBe(Role.ADMIN);
    expect(await verifyPassword(user!.passwordHash, password!)).toBe(true);
    expect(result.stderr).not.toContain(password!);
  });

  it('creates a user with the given password and does not echo it', async () => {
    const result = await runCli(['create-user', '--email', 'analyst@example.com', '--role', 'ANALYST', '--password', 'plum-Otter-42-violin'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('generated password');
    expect(`${result.stdout}${result.stderr}`).not.toContain('plum-Otter-42-violin');
    const user = await stored('analyst@example.com');
    expect(user?.role).toBe(Role.ANALYST);
    expect(await verifyPassword(user!.passwordHash, 'plum-Otter-42-violin')).toBe(true);
  });

  it('refuses an invalid role or email (exit 64), a weak password or a taken email (exit 65)', async () => {
    const badRole = await runCli(['create-user', '--email', 'x@example.com', '--role', 'root'], env());
    expect(badRole.code).toBe(64);
    expect(badRole.stderr).toContain('Invalid role "root": expected one of admin, analyst, viewer, ingest');

    const badEmail = await runCli(['create-user', '--email', 'not-an-email', '--role', 'viewer'], env());
    expect(badEmail.code).toBe(64);
    expect(badEmail.stderr).toContain('Invalid email address: "not-an-email"');

    const weak = await runCli(['create-user', '--email', 'weak@example.com', '--role', 'viewer', '--password', 'password'], env());
    expect(weak.code).toBe(65);
    expect(weak.stderr).toContain('Password rejected: must be at least 12 characters long; is one of the most common passwords');

    const taken = await runCli(['create-user', '--email', 'ROOT@example.com', '--role', 'viewer'], env());
    expect(taken.code).toBe(65);
    expect(taken.stderr).toContain('A user with email root@example.com already exists');

    expect(await stored('weak@example.com')).toBeNull();
    for (const result of [badRole, badEmail, weak, taken]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('requires --email and --role', async () => {
    const result = await runCli(['create-user', '--role', 'admin'], env());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/required option '--email <email>' not specified/);
  });
});
