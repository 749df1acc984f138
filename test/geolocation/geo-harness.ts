import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config/config.js';
import { openDatabase, type Database } from '../../src/database/database.js';
import { GeolocationService } from '../../src/geolocation/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

/** A migrated database of its own and the bundled GeoLite2 City file, without the HTTP server. */
export interface GeoHarness {
  readonly em: EntityManager;
  readonly geolocation: GeolocationService;
  readonly database: Database;
  close(): Promise<void>;
}

export async function openGeoHarness(): Promise<GeoHarness> {
  const testDatabase: TestDatabase = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: testDatabase.url, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config, silentLogger);
  const geolocation = await GeolocationService.open({ cityDbPath: config.geoip.cityDbPath, logger: silentLogger, watchForUpdates: false });
  return {
    em: database.orm.em,
    geolocation,
    database,
    async close() {
      geolocation.close();
      await database.close();
      await testDatabase.drop();
    },
  };
}
