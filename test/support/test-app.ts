import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../../entities/roles.js';
import { startApplication, type Application } from '../../src/app/application.js';
import type { Clock } from '../../src/auth/clock.js';
import { bundledGeoipCityDb, loadConfig, type Config } from '../../src/config/config.js';
import type { Logger } from '../../src/logging/logger.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, testMongoUrl, type TestDatabase } from './stores.js';
import { hostAndPort, TcpProxy } from './tcp-proxy.js';

/**
 * Who a test request is from. By default the ADMIN made at start; `token: null` is anonymous;
 * `token` is sent as `Authorization: Bearer` (a session token or an API key), `apiKey` as X-API-Key.
 */
export interface AsOptions {
  readonly token?: string | null;
  readonly apiKey?: string;
  readonly headers?: Record<string, string>;
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

/** The test password of every user the helpers create; strong enough for the password policy. */
export const TEST_PASSWORD = 'correct horse battery staple 42';

export interface TestApp {
  readonly app: Application;
  readonly config: Config;
  readonly database: TestDatabase;
  /** A session token of an ADMIN user created at start (admin@example.com, TEST_PASSWORD). */
  readonly adminToken: string;
  /**
   * POSTs a GraphQL operation (as the admin unless `as` says otherwise) through the whole HTTP
   * pipeline, without a socket (fastify's inject), and returns the parsed JSON body. Tests of what
   * needs a socket (WebSocket, shutdown, limits per connection) use `app.url`.
   */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: AsOptions): Promise<GraphQLResult<T>>;
  /** The headers `graphql` sends for `as`. */
  headersFor(as?: AsOptions): Record<string, string>;
  /** A new user with `role` (a unique address unless given), signed in: its session token. */
  userToken(role: Role, email?: string): Promise<string>;
  /** A new API key with `role`: the full key. */
  apiKey(role: Role): Promise<string>;
  close(): Promise<void>;
}

/** The whole application on a free port, against its own database and MongoDB database. */
export async function startTestApp(
  options: { env?: Record<string, string>; logger?: Logger; database?: TestDatabase; runJobs?: boolean; clock?: Clock } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    MONGODB_URL: testMongoUrl(),
    STARTUP_TIMEOUT_MS: '3000',
    // Sender naming asks no DNS server unless a test gives it one (its own dnsmasq).
    DNS_SERVERS: 'none',
    ...options.env,
  });
  const app = await startApplication(config, options.logger ?? silentLogger, { runJobs: options.runJobs ?? true, clock: options.clock });
  // The scheduler connects in the background; tests start from a connected job store (readiness "ok").
  await app.services.jobs.ready(20_000).catch(async (error: unknown) => {
    await app.stop();
    throw error;
  });
  const { users, apiKeys } = app.services.auth;
  let created = 0;
  const userToken = async (role: Role, email = `${role.toLowerCase()}-${++created}@example.com`): Promise<string> => {
    await users.createUser({ email, role, password: TEST_PASSWORD });
    return (await users.login(email, TEST_PASSWORD, '127.0.0.1')).token;
  };
  const adminToken = await userToken(Role.ADMIN, 'admin@example.com');
  const headersFor = (as: AsOptions = {}): Record<string, string> => {
    const token = as.token === undefined && as.apiKey === undefined ? adminToken : as.token;
    return {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(as.apiKey ? { 'x-api-key': as.apiKey } : {}),
      ...as.headers,
    };
  };
  return {
    app,
    config,
    database,
    adminToken,
    headersFor,
    userToken,
    async apiKey(role) {
      return (await apiKeys.create({ name: `test ${role.toLowerCase()} key`, role })).key;
    },
    async graphql(query, variables, as) {
      const response = await app.http.inject({ method: 'POST', url: '/graphql', headers: headersFor(as), payload: JSON.stringify({ query, variables }) });
      return response.json() as never;
    },
    async close() {
      await app.stop();
      await database.drop();
    },
  };
}

/**
 * The application as it runs in production (introspection, IDE and suggestions off, errors
 * masked), with everything production requires. The only City file here is the 2019 one, so it is
 * linked under another name and its age allowed.
 */
export async function startProductionTestApp(options: { env?: Record<string, string>; logger?: Logger } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-prod-'));
  const city = join(dir, 'GeoLite2-City.mmdb');
  symlinkSync(bundledGeoipCityDb, city);
  const t = await startTestApp({
    env: {
      NODE_ENV: 'production',
      GEOIP_CITY_DB: city,
      GEOIP_MAX_AGE_DAYS: '100000',
      CORS_ORIGINS: 'https://dash.example.com',
      JWT_SECRET: 'k3J9x!vQ2pL7zR4wT8yB1nM6cF0hG5sD',
      MIGRATE_ON_START: 'true',
      ...options.env,
    },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    ...t,
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ProxiedTestApp extends TestApp {
  /** Sits between the application and its PostgreSQL: cut it or slow it down. */
  readonly postgres: TcpProxy;
}

/** The application reaching its own database through a TcpProxy the test controls. */
export async function startTestAppBehindProxy(env: Record<string, string> = {}): Promise<ProxiedTestApp> {
  const database = await createTestDatabase();
  const postgres = await TcpProxy.start(hostAndPort(database.url));
  const t = await startTestApp({ database, env: { DATABASE_URL: postgres.rewrite(database.url), ...env } });
  return {
    ...t,
    postgres,
    async close() {
      await t.close();
      await postgres.down();
    },
  };
}
