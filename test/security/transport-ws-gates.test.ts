import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { postGraphQLFrom } from '../support/post-from.js';
import { startProductionTestApp, startTestApp, type TestApp } from '../support/test-app.js';
import { codeOf, connect, run } from '../support/websocket-client.js';

/**
 * Every gate of the operation pipeline, over a real WebSocket: what HTTP refuses, WebSocket refuses
 * with the same code, and the socket (and the server) keep answering normal operations afterwards.
 */

const login = 'mutation ($email: String!) { login(email: $email, password: "not the password") { token } }';

describe('rate limits over WebSocket (default limits: 10 logins, 600 operations a minute)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('limits 15 login attempts for one address over one socket at the 11th, like HTTP', async () => {
    const { client } = connect(t, { token: await t.userToken(Role.VIEWER) });
    const codes: string[] = [];
    for (let i = 0; i < 15; i++) codes.push(codeOf(await run(client, login, { email: 'victim@example.com' })));
    expect(codes).toEqual([...Array<string>(10).fill('UNAUTHENTICATED'), ...Array<string>(5).fill('RATE_LIMITED')]);
    // The socket stays usable for everything else.
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'VIEWER' } } });
    await client.dispose();
  });

  it('refuses operations past 600 a minute for one principal with RATE_LIMITED and retryAfterSeconds', async () => {
    const token = await t.userToken(Role.VIEWER);
    const { client } = connect(t, { token });
    const codes: string[] = [];
    // Ten at a time: under the 20 operations a socket may run at once.
    for (let batch = 0; batch < 70; batch++) {
      const results = await Promise.all(Array.from({ length: 10 }, () => run(client, '{ __typename }')));
      codes.push(...results.map(codeOf));
    }
    expect(codes.filter((code) => code === 'ok')).toHaveLength(600);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(100);
    const refused = await run(client, '{ __typename }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    // Apollo strips the HTTP hint from bodies; the WebSocket answer has none either.
    expect(refused.errors?.[0]?.extensions).not.toHaveProperty('http');
    await client.dispose();

    // Another principal is not held back by this one.
    const other = connect(t, { token: t.adminToken });
    expect(await run(other.client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
    await other.client.dispose();
  });

  it('counts operations that fail to parse or validate too: a socket cannot keep the parser busy unmetered', async () => {
    const { client } = connect(t, { token: await t.userToken(Role.VIEWER) });
    const codes: string[] = [];
    for (let batch = 0; batch < 61; batch++) {
      // Each text differs, so none is answered from the document cache; half do not parse, half do not validate.
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => run(client, i % 2 ? `{ unknownField${batch}x${i} }` : `{ me { role } ${batch}x${i}`)));
      codes.push(...results.map(codeOf));
    }
    expect(new Set(codes.slice(0, 600))).toEqual(new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']));
    expect(codes.slice(600)).toEqual(Array<string>(10).fill('RATE_LIMITED'));
    await client.dispose();
  });
});

describe('the login limit per address reads the coerced arguments (default variable values too)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts `$e: String = "victim@…"` against the victim, over HTTP from many addresses and over WebSocket', async () => {
    const byDefault = 'mutation L($e: String = "Victim@Example.com") { login(email: $e, password: "guess") { token } }';
    const codes: string[] = [];
    // Ten client addresses, one guess each: only the per-address limit can stop them.
    for (let i = 1; i <= 10; i++) {
      const { body } = await postGraphQLFrom(t.app.url, `127.0.0.${i + 1}`, { query: byDefault });
      codes.push(codeOf(body as never));
    }
    expect(codes).toEqual(Array<string>(10).fill('UNAUTHENTICATED'));
    const { client } = connect(t, { token: t.adminToken }, { localAddress: '127.0.0.20' });
    expect(codeOf(await run(client, byDefault))).toBe('RATE_LIMITED');
    await client.dispose();
  });

  it('limits changeOwnPassword like login: the 11th guess of the current password in a minute is RATE_LIMITED', async () => {
    const { client } = connect(t, { token: await t.userToken(Role.VIEWER) }, { localAddress: '127.0.0.30' });
    const guess = 'mutation ($p: String!) { changeOwnPassword(currentPassword: $p, newPassword: "another-Walrus-7-harbour") { token } }';
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) codes.push(codeOf(await run(client, guess, { p: `wrong-guess-${i}-0000` })));
    expect(codes).toEqual([...Array<string>(10).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    await client.dispose();
  });
});

describe('GraphQL in production over WebSocket: the same limits and masking as HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Small limits so each is easy to cross: depth 2, 5 aliases, 400 tokens, cost 50.
    t = await startProductionTestApp({ env: { GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_TOKENS: '400', GRAPHQL_MAX_COST: '50' } });
  });
  afterAll(() => t.close());

  it('refuses too many tokens, too deep, too many aliases, too costly, introspection and NUL characters, and hides suggestions', async () => {
    const { client } = connect(t, { token: t.adminToken });
    const tokens = await run(client, `{ serverInfo { ${Array<string>(500).fill('name').join(' ')} } }`);
    expect(tokens.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(tokens.errors?.[0]?.message).toMatch(/400 tokens/);

    const deep = await run(client, '{ serverInfo { dependencies { name } } }');
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const aliases = await run(client, `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: me { id }`).join(' ')} }`);
    expect(aliases.errors?.[0]?.message).toMatch(/aliases/i);
    expect(aliases.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // 1 + 100 × totalCount: 101 against 50, the page size given by a variable.
    const costly = await run(client, 'query($n: Int!) { reports(first: $n) { totalCount } }', { n: 100 });
    expect(costly.errors?.[0]?.message).toMatch(/Cost limit of 50 exceeded/);
    expect(costly.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const introspection = await run(client, '{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const typo = await run(client, '{ serverInf { name } }');
    expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "serverInf"/);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean|serverInfo/);

    const nulLiteral = await run(client, '{ reports(reporter: "evil\\u0000corp") { totalCount } }');
    expect(nulLiteral.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const nulVariable = await run(client, 'query($r: String) { reports(reporter: $r) { totalCount } }', { r: 'evil\u0000corp' });
    expect(nulVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const syntax = await run(client, '{ me { role }');
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');

    // After all of that, the same socket answers a normal operation.
    expect(await run(client, '{ me { role } }')).toEqual({ data: { me: { role: 'ADMIN' } } });
    await client.dispose();
  });

  it('hides suggestions over HTTP too, and refuses NUL characters with 400 BAD_USER_INPUT instead of a 500', async () => {
    const typo = await t.graphql('{ serverInf { name } }');
    expect(typo.errors?.[0]?.message).toMatch(/Cannot query field "serverInf"/);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean|serverInfo/);
    const response = await fetch(`${t.app.url}/graphql`, {
      method: 'POST',
      headers: t.headersFor(),
      body: JSON.stringify({ query: 'query($r: String) { reports(reporter: $r) { totalCount } }', variables: { r: 'evil\u0000corp' } }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.graphql('{ reports { totalCount } }')).errors).toBeUndefined();
  });
});
