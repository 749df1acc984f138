import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health endpoints and serverInfo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers without touching dependencies', async () => {
    const response = await fetch(`${t.app.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('GET /health/ready reports every dependency as up', async () => {
    const response = await fetch(`${t.app.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, Record<string, unknown>> };
    expect(body.status).toBe('ok');
    expect(body.checks.postgres).toMatchObject({ status: 'up', required: true });
    // MongoDB holds the job schedule only: while it is down the API serves ("degraded"), so it is not required.
    expect(body.checks.mongodb).toMatchObject({ status: 'up', required: false });
    expect(body.checks.jobs).toMatchObject({ status: 'up', required: false, backend: 'mongodb', processing: true });
    expect(body.checks.geoip).toMatchObject({ status: 'up', required: false, city: { databaseType: 'GeoLite2-City', buildDate: '2019-12-24T17:41:41.000Z' } });
  });

  it('echoes a caller-supplied request id and generates one otherwise', async () => {
    const echoed = await fetch(`${t.app.url}/health`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const unsafe = await fetch(`${t.app.url}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serverInfo answers version, uptime and dependency status', async () => {
    const result = await t.graphql<{ serverInfo: Record<string, unknown> & { dependencies: Record<string, unknown>[] } }>(
      '{ serverInfo { name version environment nodeVersion uptimeSeconds ready dependencies { name status required latencyMs message } } }',
    );
    expect(result.errors).toBeUndefined();
    const info = result.data!.serverInfo;
    expect(info).toMatchObject({ name: 'dmarc-analytics', environment: 'test', ready: true });
    expect(info.nodeVersion).toMatch(/^24\./);
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(info.dependencies.map((d) => [d.name, d.status])).toEqual([
      ['postgres', 'UP'],
      ['mongodb', 'UP'],
      ['geoip', 'UP'],
      ['redis', 'NOT_CONFIGURED'],
      ['jobs', 'UP'],
    ]);
  });

  it('answers an invalid query with a typed GraphQL error', async () => {
    const result = await t.graphql('{ serverInfo { noSuchField } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
