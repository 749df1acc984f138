import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, Role } from '../../entities/index.js';
import { openAuthFixture, type AuthFixture } from './auth-fixture.js';

describe('API keys', () => {
  let f: AuthFixture;
  let adminId: string;
  beforeAll(async () => {
    f = await openAuthFixture(new Date('2026-11-23T12:00:00Z'));
    adminId = (await f.services.users.createUser({ email: 'admin@example.com', role: Role.ADMIN })).user.id;
  });
  afterAll(() => f.close());

  async function rawRow(id: string): Promise<Record<string, unknown>> {
    const rows = await f.orm.em.getConnection().execute<Record<string, unknown>[]>('select * from api_keys where id = ?', [id]);
    return rows[0]!;
  }

  it('shows the key once and stores only its prefix and SHA-256 hash', async () => {
    const { key, apiKey } = await f.services.apiKeys.create({ name: 'mail gateway', role: 'ingest', createdBy: adminId });
    expect(key).toMatch(/^dmarc_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
    expect(apiKey).toMatchObject({ name: 'mail gateway', role: Role.INGEST, prefix: key.slice(6, 14), createdById: adminId, state: 'active', lastUsedAt: null });
    expect(apiKey).not.toHaveProperty('keyHash');

    const row = await rawRow(apiKey.id);
    const secret = key.slice(15);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toBe(apiKey.prefix);
  });

  it('authenticates a key and records its use at most once a minute', async () => {
    const { key, apiKey } = await f.services.apiKeys.create({ name: 'reader', role: Role.VIEWER });
    expect(await f.services.apiKeys.authenticate(key)).toEqual({ kind: 'apiKey', id: apiKey.id, role: Role.VIEWER });
    const firstUse = f.clock.now();
    expect((await f.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id })).lastUsedAt).toEqual(firstUse);

    f.clock.advanceSeconds(30);
    await f.services.apiKeys.authenticate(key);
    expect((await f.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id })).lastUsedAt).toEqual(firstUse);

    f.clock.advanceSeconds(31);
    await f.services.apiKeys.authenticate(key);
    expect((await f.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id })).lastUsedAt).toEqual(f.clock.now());
  });

  it('refuses revoked, expired, unknown and altered keys with the same answer', async () => {
    const revoked = await f.services.apiKeys.create({ name: 'old', role: Role.ANALYST });
    await f.services.apiKeys.authenticate(revoked.key);
    await expect(f.services.apiKeys.revoke(revoked.apiKey.id)).resolves.toMatchObject({ state: 'revoked' });

    const expiring = await f.services.apiKeys.create({ name: 'temporary', role: Role.ANALYST, expiresAt: new Date(f.clock.now().getTime() + 60 * 60_000) });
    await expect(f.services.apiKeys.authenticate(expiring.key)).resolves.toMatchObject({ id: expiring.apiKey.id });
    f.clock.advanceMinutes(60);

    const live = await f.services.apiKeys.create({ name: 'live', role: Role.ANALYST });
    const lastChar = live.key.at(-1) === 'a' ? 'b' : 'a';
    const candidates = [
      revoked.key,
      expiring.key,
      `${live.key.slice(0, -1)}${lastChar}`, // right prefix, wrong secret
      'dmarc_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'not-a-key',
    ];
    for (const candidate of candidates) {
      await expect(f.services.apiKeys.authenticate(candidate)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', httpStatus: 401, message: 'Invalid API key' });
    }
  });

  it('lists keys newest first with their state, and never a hash', async () => {
    const list = await f.services.apiKeys.list();
    expect(list.map((k) => k.name)).toEqual(expect.arrayContaining(['mail gateway', 'reader', 'old', 'temporary', 'live']));
    expect(list.find((k) => k.name === 'old')).toMatchObject({ state: 'revoked' });
    expect(list.find((k) => k.name === 'temporary')).toMatchObject({ state: 'expired' });
    expect(list.find((k) => k.name === 'live')).toMatchObject({ state: 'active' });
    expect(JSON.stringify(list)).not.toMatch(/key_?hash/i);
    const times = list.map((k) => k.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('refuses bad input', async () => {
    await expect(f.services.apiKeys.create({ name: ' ', role: Role.VIEWER })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(f.services.apiKeys.create({ name: 'x', role: 'root' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(f.services.apiKeys.create({ name: 'x', role: Role.VIEWER, expiresAt: new Date(f.clock.now().getTime() - 1000) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(f.services.apiKeys.revoke('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
