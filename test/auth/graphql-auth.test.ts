import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { JwtSigner } from '../../src/auth/jwt.js';
import { TEST_PASSWORD, startTestApp, type TestApp } from '../support/test-app.js';

const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { email role } } }';
const ME = '{ me { kind id role email } }';
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) => result.errors?.[0]?.extensions?.code;

describe('authentication over GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_MAX_ATTEMPTS: '2', RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(() => t.close());

  it('logs in, and answers every failure with the same message (wrong password, unknown e-mail, locked account)', async () => {
    const ok = await t.graphql<{ login: { token: string; user: { email: string; role: string } } }>(LOGIN, { email: 'Admin@Example.com', password: TEST_PASSWORD }, { token: null });
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.login.user).toEqual({ email: 'admin@example.com', role: 'ADMIN' });
    const me = await t.graphql<{ me: { email: string } }>(ME, undefined, { token: ok.data!.login.token });
    expect(me.data?.me.email).toBe('admin@example.com');

    await t.userToken(Role.VIEWER, 'locked@example.com');
    const wrong = await t.graphql(LOGIN, { email: 'locked@example.com', password: 'not the password at all' }, { token: null });
    const unknown = await t.graphql(LOGIN, { email: 'nobody@example.com', password: TEST_PASSWORD }, { token: null });
    await t.graphql(LOGIN, { email: 'locked@example.com', password: 'not the password at all' }, { token: null }); // locks (LOGIN_MAX_ATTEMPTS=2)
    const locked = await t.graphql(LOGIN, { email: 'locked@example.com', password: TEST_PASSWORD }, { token: null });
    for (const failure of [wrong, unknown, locked]) {
      expect(failure.errors?.[0]).toMatchObject({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('tells who is calling: a user or an API key', async () => {
    const user = await t.graphql<{ me: Record<string, unknown> }>(ME);
    expect(user.data?.me).toMatchObject({ kind: 'USER', role: 'ADMIN', email: 'admin@example.com' });
    const key = await t.graphql<{ me: Record<string, unknown> }>(ME, undefined, { apiKey: await t.apiKey(Role.INGEST) });
    expect(key.data?.me).toMatchObject({ kind: 'API_KEY', role: 'INGEST', email: null });
  });

  it('refuses an invalid credential with 401 UNAUTHENTICATED instead of treating it as anonymous', async () => {
    const response = await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: t.headersFor({ token: 'not-a-token' }), body: JSON.stringify({ query: ME }) });
    expect(response.status).toBe(401);
    expect(codeOf((await response.json()) as never)).toBe('UNAUTHENTICATED');
  });

  it('lets an admin manage users; a changed role applies to the existing token at once', async () => {
    const created = await t.graphql<{ createUser: { user: { id: string; role: string }; generatedPassword: string } }>(
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id role } generatedPassword } }',
      { input: { email: 'new@example.com', role: 'VIEWER' } },
    );
    const { user, generatedPassword } = created.data!.createUser;
    expect(generatedPassword).toHaveLength(24);
    const duplicate = await t.graphql('mutation { createUser(input: { email: "new@example.com", role: VIEWER }) { user { id } } }');
    expect(codeOf(duplicate)).toBe('ALREADY_EXISTS');
    const weak = await t.graphql('mutation { createUser(input: { email: "weak@example.com", role: VIEWER, password: "password" }) { user { id } } }');
    expect(codeOf(weak)).toBe('WEAK_PASSWORD');

    const login = await t.graphql<{ login: { token: string } }>(LOGIN, { email: 'new@example.com', password: generatedPassword }, { token: null });
    const token = login.data!.login.token;
    expect(codeOf(await t.graphql('{ users { id } }', undefined, { token }))).toBe('FORBIDDEN');
    await t.graphql('mutation ($id: ID!) { setUserRole(id: $id, role: ADMIN) { role } }', { id: user.id });
    const users = await t.graphql<{ users: { email: string }[] }>('{ users { email role } }', undefined, { token });
    expect(users.data?.users.map((u) => u.email)).toContain('new@example.com');

    // A reset ends every session of the user issued before it. Token iat has whole seconds, so
    // "before" needs an earlier second: rather than sleeping, the account's password dates back a
    // minute and the session is signed with the server's key by a clock set 30 s back.
    await t.database.query(`UPDATE users SET password_changed_at = now() - interval '1 minute' WHERE id = $1`, [user.id]);
    const signer = new JwtSigner(t.config.auth.jwtSecret, t.config.auth.jwtTtlMinutes, () => new Date(Date.now() - 30_000));
    const earlier = (await signer.sign(user.id, Role.ADMIN)).token;
    expect(codeOf(await t.graphql(ME, undefined, { token: earlier }))).toBeUndefined();
    const reset = await t.graphql<{ resetUserPassword: { generatedPassword: string; user: { id: string } } }>(
      'mutation ($id: ID!) { resetUserPassword(id: $id) { generatedPassword user { id } } }',
      { id: user.id },
    );
    expect(reset.data?.resetUserPassword.user.id).toBe(user.id);
    const afterReset = await t.graphql(ME, undefined, { token: earlier });
    expect(codeOf(afterReset)).toBe('UNAUTHENTICATED');
  });

  it('lets a user change their own password, returning a new session', async () => {
    const token = await t.userToken(Role.ANALYST, 'changer@example.com');
    const next = 'a brand new passphrase 77';
    const wrong = await t.graphql('mutation ($c: String!, $n: String!) { changeOwnPassword(currentPassword: $c, newPassword: $n) { token } }', { c: 'wrong password here', n: next }, { token });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    const changed = await t.graphql<{ changeOwnPassword: { token: string; user: { email: string } } }>(
      'mutation ($c: String!, $n: String!) { changeOwnPassword(currentPassword: $c, newPassword: $n) { token user { email } } }',
      { c: TEST_PASSWORD, n: next },
      { token },
    );
    expect(changed.data?.changeOwnPassword.user.email).toBe('changer@example.com');
    const me = await t.graphql<{ me: { email: string } }>(ME, undefined, { token: changed.data!.changeOwnPassword.token });
    expect(me.data?.me.email).toBe('changer@example.com');
  });

  it('creates an API key shown once, authenticates with X-API-Key and Bearer, and revokes it', async () => {
    const created = await t.graphql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string; state: string } } }>(
      'mutation { createApiKey(input: { name: "reporter", role: VIEWER }) { key apiKey { id prefix state role } } }',
    );
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^dmarc_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}$/);
    expect(apiKey.state).toBe('ACTIVE');

    const listed = await t.graphql<{ apiKeys: Record<string, unknown>[] }>('{ apiKeys { id name prefix state } }');
    expect(listed.data?.apiKeys).toContainEqual({ id: apiKey.id, name: 'reporter', prefix: apiKey.prefix, state: 'ACTIVE' });
    expect(JSON.stringify(listed)).not.toContain(key);

    expect((await t.graphql<{ me: { id: string } }>(ME, undefined, { apiKey: key })).data?.me.id).toBe(apiKey.id);
    expect((await t.graphql<{ me: { id: string } }>(ME, undefined, { token: key })).data?.me.id).toBe(apiKey.id);
    expect(codeOf(await t.graphql('{ apiKeys { id } }', undefined, { apiKey: key }))).toBe('FORBIDDEN');

    const revoked = await t.graphql<{ revokeApiKey: { state: string } }>('mutation ($id: ID!) { revokeApiKey(id: $id) { state } }', { id: apiKey.id });
    expect(revoked.data?.revokeApiKey.state).toBe('REVOKED');
    expect(codeOf(await t.graphql(ME, undefined, { apiKey: key }))).toBe('UNAUTHENTICATED');
  });
});
