import { startApplication, type Application } from '../../src/app/application.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Logger } from '../../src/logging/logger.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, testMongoUrl, type TestDatabase } from './stores.js';

export interface TestApp {
  readonly app: Application;
  readonly config: Config;
  readonly database: TestDatabase;
  /** POSTs a GraphQL operation and returns the parsed JSON body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

/** The whole application on a free port, against its own database and MongoDB database. */
export async function startTestApp(options: { env?: Record<string, string>; logger?: Logger; database?: TestDatabase } = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    MONGODB_URL: testMongoUrl(),
    STARTUP_TIMEOUT_MS: '3000',
    ...options.env,
  });
  const app = await startApplication(config, options.logger ?? silentLogger);
  return {
    app,
    config,
    database,
    async graphql(query, variables) {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async close() {
      await app.stop();
      await database.drop();
    },
  };
}
