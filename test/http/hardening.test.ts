import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originAllowed } from '../../src/http/cors.js';
import { startProductionTestApp, startTestApp, type TestApp } from '../support/test-app.js';

type GraphQLErrors = { errors: { message: string; extensions: { code: string } }[] };
const errorsOf = async (response: Response) => ((await response.json()) as GraphQLErrors).errors;

const post = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'https://dash.example.com,http://localhost:*', GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_TOKENS: '400' } });
  });
  afterAll(() => t.close());

  it('sends security headers, with a CSP that never allows eval', async () => {
    const response = await fetch(`${t.app.url}/health`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // The whole policy as stated in security-headers.ts: nothing of helmet's defaults merged in.
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
  });

  it('serves the IDE page with its own policy: scripts and workers from this origin only, no eval, no inline script', async () => {
    const response = await fetch(`${t.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<html/i);
    expect(html).not.toMatch(/https?:\/\//); // nothing loaded from another host
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:/);
    // The bundle the page names is served by this server.
    const script = /<script src="([^"]+)"/.exec(html)![1]!;
    const bundle = await fetch(`${t.app.url}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    // Stated whole: helmet's defaults are not merged in.
    expect(csp.split(';').map((directive) => directive.split(' ')[0])).toEqual([
      'default-src', 'script-src', 'worker-src', 'style-src', 'font-src', 'img-src', 'connect-src', 'object-src', 'frame-ancestors', 'base-uri', 'form-action', 'script-src-attr',
    ]);
  });

  it('allows listed origins and refuses others', async () => {
    const allowed = await post(t, { query: '{ serverInfo { name } }' }, { origin: 'https://dash.example.com' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    const localPort = await post(t, { query: '{ serverInfo { name } }' }, { origin: 'http://localhost:5173' });
    expect(localPort.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const refused = await post(t, { query: '{ serverInfo { name } }' }, { origin: 'https://evil.example.net' });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.app.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://dash.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('matches origins exactly, ports only where a :* entry says so', () => {
    expect(originAllowed('https://dash.example.com', ['https://dash.example.com'])).toBe(true);
    expect(originAllowed('https://dash.example.com.evil.net', ['https://dash.example.com'])).toBe(false);
    expect(originAllowed('http://localhost:3000', ['http://localhost:*'])).toBe(true);
    expect(originAllowed('http://localhost.evil.net:3000', ['http://localhost:*'])).toBe(false);
    expect(originAllowed('https://localhost:3000', ['http://localhost:*'])).toBe(false);
  });

  it('refuses an oversized GraphQL body with 413', async () => {
    const response = await post(t, { query: `{ serverInfo { name } } # ${'x'.repeat(150 * 1024)}` });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses too deep, too many aliases, too many tokens, and batches', async () => {
    // Depth 3 against a limit of 2 (introspection is exempt, so IDEs keep working in development).
    const deep = await errorsOf(await post(t, { query: '{ serverInfo { dependencies { name } } }' }));
    expect(deep[0]!.message).toMatch(/depth/i);
    expect(deep[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: serverInfo { name }`).join(' ');
    const aliased = await errorsOf(await post(t, { query: `{ ${aliases} }` }));
    expect(aliased[0]!.message).toMatch(/aliases/i);

    const many = Array.from({ length: 500 }, () => 'name').join(' ');
    const tokens = await errorsOf(await post(t, { query: `{ serverInfo { ${many} } }` }));
    expect(tokens[0]!.message).toMatch(/token/i);

    const batch = await post(t, [{ query: '{ serverInfo { name } }' }, { query: '{ serverInfo { version } }' }]);
    expect(batch.status).toBe(400);
  });

  it("refuses a form-encoded or simple GET request without a preflight (Apollo's CSRF prevention)", async () => {
    const response = await fetch(`${t.app.url}/graphql?query=${encodeURIComponent('{ serverInfo { name } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});

describe('GraphQL cost limit (default limits)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** What a dashboard's first screen asks for in one request. */
  const dashboard = `query Dashboard {
    reportSummary(days: 30) { totalMessages dmarcPassRate spfPassRate dkimPassRate daily { date messages dmarcPass passRate } }
    reports(first: 20) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id orgName dateBegin dateEnd messageCount recordCount policy { domain p sp pct } } }
    }
    geoHeatmap(days: 30) { totalMessages maxCount countries { countryCode countryName messages dmarcFailureRate } points { latitude longitude messages } }
    anomalies(first: 10) { edges { node { kind sourceIp domain anomalyScore explanation detectedAt } } }
  }`;

  it('runs a dashboard query', async () => {
    const result = await t.graphql(dashboard);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ reports: { totalCount: 0 }, reportSummary: { totalMessages: 0 } });
  });

  it('refuses an operation over GRAPHQL_MAX_COST (default 20,000) before running it, with GRAPHQL_VALIDATION_FAILED', async () => {
    // Within the depth, alias and token limits, but 100 reports of 5,000 records each.
    const expensive = '{ reports(first: 100) { edges { node { records(first: 5000) { sourceIp count disposition authResults { domain result } } } } } }';
    const response = await post(t, { query: expensive }, t.headersFor());
    expect(response.status).toBe(400);
    const errors = await errorsOf(response);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Cost limit of 20000 exceeded/);
    expect(errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('counts the default page size: 100 reports of the default 500 records are refused', async () => {
    const response = await post(t, { query: '{ reports(first: 100) { edges { node { records { sourceIp } } } } }' }, t.headersFor());
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]!.message).toMatch(/Cost limit of 20000 exceeded/);
  });

  it('counts page sizes given as variables', async () => {
    const query = 'query Pages($reports: Int!, $records: Int!) { reports(first: $reports) { edges { node { records(first: $records) { sourceIp } } } } }';
    const refused = await post(t, { query, variables: { reports: 100, records: 1000 } }, t.headersFor());
    expect(refused.status).toBe(400);
    expect((await errorsOf(refused))[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const allowed = await post(t, { query, variables: { reports: 10, records: 50 } }, t.headersFor());
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { reports: { edges: [] } } });
  });

  it('leaves variables of the wrong type to the executor: 400 BAD_USER_INPUT, not a server error', async () => {
    const response = await post(t, { query: 'query($n: Int!) { reports(first: $n) { totalCount } }', variables: { n: 'ten' } }, t.headersFor());
    expect(response.status).toBe(400);
    expect((await errorsOf(response))[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('GraphQL in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startProductionTestApp();
  });
  afterAll(() => t.close());

  it('has introspection, the IDE and field suggestions off', async () => {
    const introspection = await t.graphql('{ __schema { queryType { name } } }');
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(`${t.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql|<html/i);
    // The map is a client like any other (it signs in); only development sends `/` to it.
    expect((await fetch(`${t.app.url}/`, { redirect: 'manual' })).status).toBe(404);
    const map = await fetch(`${t.app.url}/map`);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-security-policy')).toContain("script-src 'self';");
    const typo = await t.graphql('{ serverInf { name } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
