import { MongoClient, type Db } from 'mongodb';
import { DependencyUnavailableError } from '../errors/app-error.js';
import { withTimeout } from '../async/with-timeout.js';

export interface Mongo {
  readonly client: MongoClient;
  readonly db: Db;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to MONGODB_URL (the database named in the URL, else `dmarc_analytics`). With
 * `allowOffline` (development) an unreachable server is not an error: the client is returned
 * unconnected, `onOffline` is told why, and the driver connects on the first operation that finds
 * the server back.
 */
export async function connectMongo(url: string, timeoutMs: number, options: { allowOffline?: boolean; onOffline?: (error: DependencyUnavailableError) => void } = {}): Promise<Mongo> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    appName: 'dmarc-analytics',
  });
  const mongo: Mongo = {
    client,
    db: client.db(databaseName(url)),
    async ping(ms) {
      try {
        await withTimeout(client.db('admin').command({ ping: 1 }), ms, 'no answer');
      } catch (error) {
        throw new DependencyUnavailableError('MongoDB', `cannot reach ${safeTarget(url)}: ${(error as Error).message}`, { cause: error });
      }
    },
    close: () => client.close(true),
  };
  try {
    await withTimeout(client.connect(), timeoutMs, 'no answer');
  } catch (error) {
    const unavailable = new DependencyUnavailableError('MongoDB', `cannot reach ${safeTarget(url)}: ${(error as Error).message}`, { cause: error });
    if (options.allowOffline) {
      options.onOffline?.(unavailable);
      return mongo;
    }
    await client.close(true).catch(() => {});
    throw unavailable;
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
