import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/index.js';
import { authenticateRequest } from '../../src/auth/authenticate-request.js';
import { openAuthFixture, type AuthFixture } from './auth-fixture.js';

describe('authenticateRequest', () => {
  let f: AuthFixture;
  let userId: string;
  let jwt: string;
  let apiKey: string;
  let apiKeyId: string;
  beforeAll(async () => {
    f = await openAuthFixture();
    const { user } = await f.services.users.createUser({ email: 'judy@example.com', role: Role.ANALYST, password: 'plum-Otter-42-violin' });
    userId = user.id;
    jwt = (await f.services.users.login('judy@example.com', 'plum-Otter-42-violin', '127.0.0.1')).token;
    const created = await f.services.apiKeys.create({ name: 'collector', role: Role.INGEST });
    apiKey = created.key;
    apiKeyId = created.apiKey.id;
  });
  afterAll(() => f.close());

  const auth = (headers: Record<string, string | string[] | undefined>) => authenticateRequest(headers, f.services);

  it('is anonymous without a credential', async () => {
    expect(await auth({})).toBeNull();
    expect(await auth({ authorization: '  ' })).toBeNull();
  });

  it('accepts a JWT or an API key as a bearer token, and an API key in X-API-Key', async () => {
    expect(await auth({ authorization: `Bearer ${jwt}` })).toEqual({ kind: 'user', id: userId, role: Role.ANALYST, email: 'judy@example.com', expiresAt: expect.any(Date) });
    expect(await auth({ authorization: `bearer ${apiKey}` })).toEqual({ kind: 'apiKey', id: apiKeyId, role: Role.INGEST });
    expect(await auth({ 'x-api-key': apiKey })).toEqual({ kind: 'apiKey', id: apiKeyId, role: Role.INGEST });
  });

  it('refuses a bad credential instead of treating it as anonymous', async () => {
    const bad = [
      { authorization: 'Bearer not.a.token' },
      { authorization: `Basic ${Buffer.from('judy@example.com:plum-Otter-42-violin').toString('base64')}` },
      { authorization: `Bearer ${apiKey}x` },
      { 'x-api-key': 'dmarc_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      { authorization: `Bearer ${jwt}`, 'x-api-key': apiKey },
      { 'x-api-key': [apiKey, apiKey] },
    ];
    for (const headers of bad) await expect(auth(headers)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', httpStatus: 401 });
  });
});
