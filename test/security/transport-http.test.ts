import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HealthService, type DependencyProbe } from '../../src/health/health-service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Hostile HTTP shapes against the server's shared resources. Each asserts the typed answer and that
 * the server still serves a normal request afterwards. (GraphQL gates over HTTP and WebSocket:
 * transport-ws-gates.test.ts; WebSocket sockets: transport-ws-sockets.test.ts.)
 */

describe('/health/ready under a flood', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A long cache, so the whole flood falls in one even on a busy machine (expiry: HealthService below).
    t = await startTestApp({ env: { HEALTH_READY_CACHE_MS: '30000' } });
  });
  afterAll(() => t.close());

  it('probes PostgreSQL and MongoDB once for 100 concurrent calls', async () => {
    type Checked = { check: () => Promise<unknown> };
    const probe = (name: string) => t.app.dependencies.probes.find((p) => p.name === name) as unknown as Checked;
    const postgresChecks = vi.spyOn(probe('postgres'), 'check');
    const mongoChecks = vi.spyOn(probe('mongodb'), 'check');
    try {
      const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await fetch(`${t.app.url}/health/ready`)).status));
      expect(statuses).toEqual(Array<number>(100).fill(200));
      expect(postgresChecks).toHaveBeenCalledTimes(1);
      expect(mongoChecks).toHaveBeenCalledTimes(1);
    } finally {
      postgresChecks.mockRestore();
      mongoChecks.mockRestore();
    }
    expect((await t.graphql('{ me { role } }')).data).toEqual({ me: { role: 'ADMIN' } });
  });
});

describe('HealthService', () => {
  it('shares one round of probes among concurrent callers and reuses the answer for cacheMs', async () => {
    let checks = 0;
    let clock = 0;
    const probe: DependencyProbe = {
      name: 'slow',
      required: true,
      check: async () => {
        checks++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
    const health = new HealthService([probe], 1_000, 1_500, () => clock);
    const answers = await Promise.all(Array.from({ length: 100 }, () => health.readiness()));
    expect(checks).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatchObject({ ready: true, status: 'ok' });
    clock = 1_499;
    await health.readiness();
    expect(checks).toBe(1);
    clock = 1_500;
    await health.readiness();
    expect(checks).toBe(2);
  });
});
