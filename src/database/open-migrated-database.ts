import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { openDatabase, type Database } from './database.js';
import { prepareSchema } from './migrate.js';

/**
 * The database as every command that works on data needs it: opened (the embedded PostgreSQL
 * started when DATABASE_URL is not set) and its schema prepared exactly as `serve` prepares it, so
 * `create-user` or `ingest` right after a fresh clone works without a separate `migrate`.
 */
export async function openMigratedDatabase(config: Config, logger: Logger): Promise<Database> {
  const database = await openDatabase(config, logger);
  try {
    await prepareSchema(database.orm, config.database.migrateOnStart, logger);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
