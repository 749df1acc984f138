import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import { DependencyUnavailableError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import type { EmbeddedPostgresHandle } from './embedded-postgres.js';
import { ormOptions } from './orm-options.js';
import { withTimeout } from '../async/with-timeout.js';
import { pingSql } from './admin-sql.js';

export interface Database {
  readonly orm: MikroORM;
  readonly embedded: EmbeddedPostgresHandle | undefined;
  /** `SELECT 1` within the timeout; throws DependencyUnavailableError otherwise. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts (or attaches to) the embedded development PostgreSQL when
 * none is configured. Fails with a DependencyUnavailableError when the database cannot be reached.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const embedded = config.database.url ? undefined : await startEmbedded(config, logger);
  const url = config.database.url ?? embedded!.url;

  let orm: MikroORM;
  try {
    orm = await MikroORM.init(
      ormOptions(
        { url, poolMax: config.database.poolMax, connectTimeoutMs: config.lifecycle.startupTimeoutMs },
        logger,
      ),
    );
  } catch (error) {
    await embedded?.stop();
    throw new DependencyUnavailableError('PostgreSQL', describeConnectionError(error, url), { cause: error });
  }

  const database: Database = {
    orm,
    embedded,
    async ping(timeoutMs) {
      try {
        await withTimeout(orm.em.getConnection().execute(pingSql), timeoutMs, 'no answer');
      } catch (error) {
        throw new DependencyUnavailableError('PostgreSQL', describeConnectionError(error, url), { cause: error });
      }
    },
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
  try {
    await database.ping(config.lifecycle.startupTimeoutMs);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}

/**
 * The embedded PostgreSQL, loaded only when it is used: the production image leaves its package
 * (about 60 MB of binaries) out, and production requires DATABASE_URL anyway.
 */
async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedPostgresHandle> {
  let embeddedPostgres: typeof import('./embedded-postgres.js');
  try {
    embeddedPostgres = await import('./embedded-postgres.js');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new DependencyUnavailableError('PostgreSQL', 'DATABASE_URL is not set and the embedded PostgreSQL is not installed here (the container image leaves it out): set DATABASE_URL', { cause: error });
  }
  return embeddedPostgres.startOrAttachEmbeddedPostgres(config.database.embedded, logger);
}

/** Names the host without leaking the password. */
function describeConnectionError(error: unknown, url: string): string {
  const target = safeTarget(url);
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return `cannot reach ${target}: ${reason}`;
}

function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured database';
  }
}
