import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { createAuthServices } from '../../src/auth/auth-services.js';
import { loadConfig } from '../../src/config/config.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { freePort } from '../support/ports.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { startServer, stopServer, type RunningServer } from '../support/server-process.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';
import { ALERT_FIELDS, connectLive, eventually, subscribe } from './live-client.js';

interface LiveAlert {
  id: string;
  state: string;
  sourceIp: string;
  stateChangedBy: string | null;
}

/** Two real server processes sharing one PostgreSQL and one Redis, as two instances behind a load balancer. */
describe('alerts across instances through Redis', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const keys: Partial<Record<Role, string>> = {};

  const graphql = async <T>(server: RunningServer, key: string, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  };
  const subscriptionsStarted = (server: RunningServer) => server.log().split('\n').filter((line) => line.includes('"subscription started"')).length;

  beforeAll(async () => {
    [redis, database] = await Promise.all([startTestRedis(), createTestDatabase()]);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url });
    const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 2, connectTimeoutMs: 5000 }, silentLogger));
    try {
      await loadTraffic(orm.em.fork(), generateTraffic({ seed: 33, days: 40, campaign: { ips: 25, withinLastDays: 4 } }));
      // API keys work on every instance (session tokens would need a shared JWT_SECRET).
      const auth = createAuthServices({ em: orm.em, config, logger: silentLogger });
      for (const role of [Role.ADMIN, Role.ANALYST, Role.VIEWER]) keys[role] = (await auth.apiKeys.create({ name: `${role} key`, role })).key;
    } finally {
      await orm.close(true);
    }
    const env = async () => ({ DATABASE_URL: database.url, REDIS_URL: redis.url, HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'debug' });
    [a, b] = await Promise.all([startServer(await env()), startServer(await env())]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a && stopServer(a), b && stopServer(b)]);
    await Promise.all([redis?.stop(), database?.drop()]);
  });

  it('a subscriber on instance A receives each alert raised on instance B once, and B acknowledging it updates A', async () => {
    const client = connectLive(a.url, { apiKey: keys.VIEWER });
    const raised = subscribe<{ alertRaised: LiveAlert }>(client, `subscription { alertRaised { ${ALERT_FIELDS} } }`);
    const updated = subscribe<{ alertUpdated: LiveAlert }>(client, `subscription { alertUpdated { ${ALERT_FIELDS} } }`);
    await eventually(() => subscriptionsStarted(a) === 2, 10_000, 'both subscriptions started on A');

    const { trainModel } = await graphql<{ trainModel: { id: string } }>(b, keys.ADMIN!, 'mutation { trainModel(input: { days: 40, nEstimators: 50, seed: 8 }) { id } }');
    await graphql(b, keys.ADMIN!, 'mutation($id: ID!) { deployModel(modelId: $id) { id } }', { id: trainModel.id });
    await graphql(b, keys.ANALYST!, 'mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    const { alerts } = await graphql<{ alerts: { totalCount: number; edges: { node: LiveAlert }[] } }>(a, keys.VIEWER!, '{ alerts(filter: { states: [OPEN] }, first: 100) { totalCount edges { node { id state } } } }');
    expect(alerts.totalCount).toBeGreaterThan(0);
    await raised.waitFor((r) => r.length >= alerts.totalCount);

    // Detection again, on A this time: the same anomalies, nothing new anywhere.
    const again = await graphql<{ detectAnomalies: { newCount: number } }>(a, keys.ANALYST!, 'mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    expect(again.detectAnomalies.newCount).toBe(0);

    // Two state changes on B, one after the other: the second arriving on A shows that everything
    // published before it (a repeat of the first, or an alert raised again) would have arrived too.
    expect(alerts.totalCount).toBeGreaterThanOrEqual(2);
    const [target, next] = [alerts.edges[0]!.node, alerts.edges[1]!.node];
    await graphql(b, keys.ANALYST!, 'mutation($id: ID!) { acknowledgeAlert(id: $id, comment: "on it") { state } }', { id: target.id });
    await updated.waitFor((r) => r.length === 1);
    await graphql(b, keys.ANALYST!, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { state } }', { id: next.id });
    await updated.waitFor((r) => r.length >= 2);
    expect(updated.received.map((r) => r.alertUpdated.id)).toEqual([target.id, next.id]);
    expect(updated.received[0]!.alertUpdated).toMatchObject({ id: target.id, state: 'ACKNOWLEDGED', stateChangedBy: expect.stringMatching(/^api key /) });
    expect(raised.received.map((r) => r.alertRaised.id).sort()).toEqual(alerts.edges.map((e) => e.node.id).sort());
    await client.dispose();
  });

  it('ends a revoked API key\'s subscriptions on the other instance at once', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url });
    const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 2, connectTimeoutMs: 5000 }, silentLogger));
    try {
      const auth = createAuthServices({ em: orm.em, config, logger: silentLogger });
      const { key, apiKey } = await auth.apiKeys.create({ name: 'soon revoked', role: Role.VIEWER });
      const client = connectLive(a.url, { apiKey: key });
      const closed = new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (event) => resolve(event as { code: number; reason: string })));
      const before = subscriptionsStarted(a);
      subscribe(client, 'subscription { alertRaised { id } }');
      await eventually(() => subscriptionsStarted(a) === before + 1, 10_000, 'subscription started on A');
      await graphql(b, keys.ADMIN!, 'mutation($id: ID!) { revokeApiKey(id: $id) { state } }', { id: apiKey.id });
      expect(await closed).toMatchObject({ code: 4403, reason: 'Credential revoked: API key revoked' });
      await client.dispose();
    } finally {
      await orm.close(true);
    }
  });
});
