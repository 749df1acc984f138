import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { entities } from '../../entities/index.js';
import { migrationsList } from '../../migrations/index.js';
import type { Logger } from '../logging/logger.js';

export interface OrmConnectionOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
}

/** The one MikroORM configuration, used by the server, the CLI and the tests alike. */
export function ormOptions(connection: OrmConnectionOptions, logger: Logger): Options {
  return defineConfig({
    clientUrl: connection.url,
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      path: 'migrations',
      emit: 'ts',
    },
    pool: { min: 0, max: connection.poolMax },
    driverOptions: { connectionTimeoutMillis: connection.connectTimeoutMs },
    // Each request gets its own EntityManager fork; using the global one is a bug we want loud.
    allowGlobalContext: false,
    logger: (message) => logger.debug({ component: 'mikro-orm' }, message),
  });
}
