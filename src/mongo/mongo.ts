import { MongoClient, type Db } from 'mongodb';
import { DependencyUnavailableError } from '../errors/app-error.js';
import { withTimeout } from '../async/with-timeout.js';

export interface Mongo {
  readonly client: MongoClient;
  readonly db: Db;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Connects to MONGODB_URL (the database named in the URL, else `dmarc_analytics`). */
export async function connectMongo(url: string, timeoutMs: number): Promise<Mongo> {
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
    await client.close(true).catch(() => {});
    throw new DependencyUnavailableError('MongoDB', `cannot reach ${safeTarget(url)}: ${(error as Error).message}`, { cause: error });
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
