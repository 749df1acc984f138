import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { createTestDatabase, testMongoUrl } from '../support/stores.js';
import { hostAndPort, TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function readiness(t: TestApp) {
  const response = await fetch(`${t.app.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { status: string; error?: string }> } };
}

describe('a dependency that goes down after start', () => {
  let t: TestApp;
  let pgProxy: TcpProxy;
  let mongoProxy: TcpProxy;
  let redis: TestRedis;
  let redisProxy: TcpProxy;

  beforeAll(async () => {
    const database = await createTestDatabase();
    const mongoUrl = testMongoUrl();
    redis = await startTestRedis();
    pgProxy = await TcpProxy.start(hostAndPort(database.url));
    mongoProxy = await TcpProxy.start(hostAndPort(mongoUrl));
    redisProxy = await TcpProxy.start(hostAndPort(redis.url));
    t = await startTestApp({
      database,
      env: {
        DATABASE_URL: pgProxy.rewrite(database.url),
        MONGODB_URL: mongoProxy.rewrite(mongoUrl),
        REDIS_URL: redisProxy.rewrite(redis.url),
        STARTUP_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await pgProxy.up();
    await mongoProxy.up();
    await redisProxy.up();
    await t.close();
    await pgProxy.down();
    await mongoProxy.down();
    await redisProxy.down();
    await redis.stop();
  });

  it('turns readiness to 503 naming PostgreSQL, keeps serving liveness, and recovers', async () => {
    expect((await readiness(t)).status).toBe(200);
    await t.graphql('{ serverInfo { ready } }'); // leaves pooled connections open, to be cut

    await pgProxy.down();
    // Answers are reused for a second (HEALTH_READY_CACHE_MS): the outage shows within it.
    await expect.poll(async () => (await readiness(t)).status, { timeout: 10_000, interval: 200 }).toBe(503);
    const down = await readiness(t);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks.postgres!.status).toBe('down');
    expect(down.body.checks.postgres!.error).toMatch(/PostgreSQL/);
    expect(down.body.checks.mongodb!.status).toBe('up');
    expect((await fetch(`${t.app.url}/health`)).status).toBe(200);
    // GraphQL needs PostgreSQL to check the caller's token (roles and revocations live there), so
    // during the outage it answers 503 DEPENDENCY_UNAVAILABLE instead of serverInfo.ready = false.
    const info = await t.graphql<{ serverInfo: { ready: boolean } }>('{ serverInfo { ready } }');
    expect(info.errors?.[0]?.extensions?.code).toBe('DEPENDENCY_UNAVAILABLE');

    await pgProxy.up();
    await expect.poll(async () => (await readiness(t)).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('stays ready but degraded while MongoDB (the job store) is away, and recovers', async () => {
    await mongoProxy.down();
    // Only the scheduled jobs need MongoDB: the API keeps serving.
    await expect.poll(async () => (await readiness(t)).body.status, { timeout: 10_000, interval: 200 }).toBe('degraded');
    const down = await readiness(t);
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.checks.mongodb!.status).toBe('down');
    expect(down.body.checks.postgres!.status).toBe('up');

    await mongoProxy.up();
    await expect.poll(async () => (await readiness(t)).body.status, { timeout: 15_000, interval: 250 }).toBe('ok');
  });

  it('stays ready but degraded while Redis (shared limits, live events) is away, and recovers', async () => {
    expect((await readiness(t)).body.checks.redis!.status).toBe('up');
    await redisProxy.down();
    // Limits fall back to per-instance counters and events stay on this instance: the API serves.
    await expect.poll(async () => (await readiness(t)).body.status, { timeout: 10_000, interval: 200 }).toBe('degraded');
    const down = await readiness(t);
    expect(down.status).toBe(200);
    expect(down.body.checks.redis!.status).toBe('down');
    expect(down.body.checks.redis!.error).toMatch(/Redis/);
    expect((await t.graphql<{ serverInfo: { ready: boolean } }>('{ serverInfo { ready } }')).data?.serverInfo.ready).toBe(true);

    await redisProxy.up();
    // ioredis reconnects by itself (backing off to 2 s).
    await expect.poll(async () => (await readiness(t)).body.status, { timeout: 15_000, interval: 250 }).toBe('ok');
  });
});
