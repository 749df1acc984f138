import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/database/orm-options.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

export interface StorageHarness {
  readonly orm: MikroORM;
  readonly service: ReportIngestionService;
  /** What the service emits (reportIngested). */
  readonly events: DomainEvents;
  /** Rows of a query against the test database. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Reports, records, and the auth results of the records. */
  counts(): Promise<{ reports: number; records: number; authResults: number }>;
  close(): Promise<void>;
}

/** A fresh database with MikroORM and the ingestion service on it. */
export async function startStorageHarness(): Promise<StorageHarness> {
  const database: TestDatabase = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 4, connectTimeoutMs: 5000 }, silentLogger));
  const rows = <T>(sql: string) => orm.em.fork().execute<T[]>(sql);
  const events = new DomainEvents(silentLogger);
  return {
    orm,
    service: new ReportIngestionService(orm.em, silentLogger, { events }),
    events,
    rows,
    async counts() {
      const [row] = await rows<{ reports: string; records: string; auth: string }>(
        `SELECT (SELECT count(*) FROM dmarc_reports) AS reports, (SELECT count(*) FROM dmarc_records) AS records,
                (SELECT coalesce(sum(json_array_length(auth_results)), 0) FROM dmarc_records) AS auth`,
      );
      return { reports: Number(row!.reports), records: Number(row!.records), authResults: Number(row!.auth) };
    },
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}
