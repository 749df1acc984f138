/**
 * Writes a migration for the difference between the entities and the database schema.
 * Usage: npm run migration:create -- [name]   (then add it to migrations/index.ts)
 */
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/database/database.js';
import { createLogger } from '../src/logging/logger.js';

const logger = createLogger({ level: 'info' });
const database = await openDatabase(loadConfig(), logger);
try {
  await database.orm.migrator.up();
  const result = await database.orm.migrator.create('migrations', false, false, process.argv[2]);
  console.log(result.fileName ? `created migrations/${result.fileName}` : 'no schema changes');
} finally {
  await database.close();
}
