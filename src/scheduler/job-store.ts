import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import type { AgendaBackend } from 'agenda';
import pg from 'pg';
import type { Logger } from '../logging/logger.js';
import type { Mongo } from '../mongo/mongo.js';

/** Where Agenda keeps its jobs. */
export type JobBackendName = 'mongodb' | 'postgresql';

export interface JobStore {
  readonly name: JobBackendName;
  /** Creates indexes (MongoDB) or the table (PostgreSQL); throws while the store is unreachable. */
  connect(): Promise<void>;
  /** The backend for `new Agenda`, already connected: Agenda's own connect() is not used, see below. */
  readonly connected: AgendaBackend;
  close(): Promise<void>;
}

/**
 * MongoDB (MONGODB_URL, required in production) through the application's own client, or
 * Agenda's PostgreSQL backend on the application's database when no MongoDB is configured.
 *
 * Agenda 6 calls `backend.connect()` from its constructor without handling a failure (an
 * unhandled rejection that ends the process when the store is down at start). So the scheduler
 * connects the backend itself, retrying, and only then builds Agenda around this wrapper whose
 * connect() has nothing left to do.
 */
export function openJobStore(options: { mongo: Mongo | undefined; postgresUrl: string | undefined; logger: Logger }): JobStore {
  const { mongo } = options;
  if (mongo) {
    // The application's client (connected here when it was down at start): the driver reconnects
    // by itself after a later outage.
    let backend: MongoBackend | undefined;
    let connecting: Promise<void> | undefined;
    const connect = () =>
      (connecting ??= (async () => {
        backend ??= new MongoBackend({ mongo: await mongo.database(), collection: 'agendaJobs' });
        await backend.connect();
      })().catch((error: unknown) => {
        connecting = undefined;
        throw error;
      }));
    return {
      name: 'mongodb',
      connect,
      get connected() {
        if (!backend) throw new Error('the MongoDB job store is not connected yet');
        return alreadyConnected(backend);
      },
      close: async () => {},
    };
  }
  if (!options.postgresUrl) throw new Error('no job store: neither MONGODB_URL nor a PostgreSQL URL');
  // A small pool of our own: the backend's own pool has no error listener, and an idle connection
  // dropped by a PostgreSQL restart would end the process. Workers poll (JOBS_PROCESS_EVERY_MS)
  // rather than LISTEN, as they do on MongoDB.
  const pool = new pg.Pool({ connectionString: options.postgresUrl, max: 3 });
  pool.on('error', (error) => options.logger.warn({ err: error }, 'job store: idle PostgreSQL connection lost'));
  const backend = new PostgresBackend({ pool, tableName: 'agenda_jobs', disableNotifications: true });
  return wrap('postgresql', backend, () => pool.end());
}

function wrap(name: JobBackendName, backend: AgendaBackend, close: () => Promise<void>): JobStore {
  let connecting: Promise<void> | undefined;
  return {
    name,
    connect: () => {
      connecting ??= backend.connect().catch((error: unknown) => {
        connecting = undefined;
        throw error;
      });
      return connecting;
    },
    connected: alreadyConnected(backend),
    close,
  };
}

/** The backend as Agenda sees it: connecting and disconnecting are done already, and by us. */
function alreadyConnected(backend: AgendaBackend): AgendaBackend {
  return {
    name: backend.name,
    repository: backend.repository,
    notificationChannel: backend.notificationChannel,
    logger: backend.logger,
    ownsConnection: false,
    connect: async () => {},
    disconnect: async () => {},
  };
}
