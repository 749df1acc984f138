import { MongoClient, type Db } from 'mongodb';
import { DependencyUnavailableError } from '../errors/app-error.js';
import { withTimeout } from '../async/with-timeout.js';

export interface Mongo {
  /**
   * The database, connected. Until a first connection succeeds each call tries again with a new
   * client: the driver does not retry a client whose first connection failed, while one that
   * connected once reconnects by itself after an outage.
   */
  database(): Promise<Db>;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URL (the database named in the URL, else `dmarc_analytics`). With
 * `allowOffline` (development) an unreachable server is not an error: `onOffline` is told why,
 * and later calls of `database()` (the job scheduler, readiness) connect when it is back.
 */
export async function connectMongo(
  url: string,
  timeoutMs: number,
  options: { allowOffline?: boolean; onOffline?: (error: DependencyUnavailableError) => void } = {},
): Promise<Mongo> {
  let connected: { client: MongoClient; db: Db } | undefined;
  let connecting: Promise<Db> | undefined;
  let closed = false;
  const attempt = async (): Promise<Db> => {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, appName: 'dmarc-analytics' });
    try {
      await withTimeout(client.connect(), timeoutMs, 'no answer');
    } catch (error) {
      await client.close(true).catch(() => {});
      throw new DependencyUnavailableError('MongoDB', `cannot reach ${safeTarget(url)}: ${(error as Error).message}`, { cause: error });
    }
    if (closed) {
      await client.close(true);
      throw new DependencyUnavailableError('MongoDB', 'closed');
    }
    connected = { client, db: client.db(databaseName(url)) };
    return connected.db;
  };
  const mongo: Mongo = {
    database() {
      if (connected) return Promise.resolve(connected.db);
      connecting ??= attempt().finally(() => (connecting = undefined));
      return connecting;
    },
    async ping(ms) {
      try {
        const db = await withTimeout(mongo.database(), ms, 'no answer');
        await withTimeout(db.client.db('admin').command({ ping: 1 }), ms, 'no answer');
      } catch (error) {
        if (error instanceof DependencyUnavailableError) throw error;
        throw new DependencyUnavailableError('MongoDB', `cannot reach ${safeTarget(url)}: ${(error as Error).message}`, { cause: error });
      }
    },
    async close() {
      closed = true;
      await connecting?.catch(() => {});
      await connected?.client.close(true);
    },
  };
  try {
    await mongo.database();
  } catch (error) {
    if (!options.allowOffline || !(error instanceof DependencyUnavailableError)) throw error;
    options.onOffline?.(error);
  }
  return mongo;
}

function databaseName(url: string): string {
  const path = url.replace(/^mongodb(\+srv)?:\/\/[^/]*/, '').replace(/^\//, '').split('?')[0];
  return path || 'dmarc_analytics';
}

function safeTarget(url: string): string {
  const hosts = url.replace(/^mongodb(\+srv)?:\/\//, '').replace(/^[^@]*@/, '').split('/')[0];
  return hosts || 'the configured MongoDB';
}
