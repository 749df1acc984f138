import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { AnomalyModelService } from '../../src/anomaly-detection/model-service.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

export interface AnomalyHarness {
  readonly orm: MikroORM;
  readonly service: AnomalyModelService;
  /** What the service emits (detectionFinished). */
  readonly events: DomainEvents;
  /** A fresh fork, like a request gets. */
  em(): EntityManager;
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startAnomalyHarness(): Promise<AnomalyHarness> {
  const database: TestDatabase = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 4, connectTimeoutMs: 5000 }, silentLogger));
  const events = new DomainEvents(silentLogger);
  return {
    orm,
    service: new AnomalyModelService(orm.em, silentLogger, events),
    events,
    em: () => orm.em.fork(),
    rows: <T>(sql: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(sql, params),
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}

/** A fixed "now" so windows are reproducible: detection windows end at 2026-04-01T00:00Z. */
export const NOW = new Date('2026-03-31T12:00:00Z');

/** Inserts one report with its records; `day` is an ISO date. */
export async function insertReport(
  h: AnomalyHarness,
  report: { org: string; domain: string; day: string; policy?: string },
  records: { ip: string; count: number; dkim: 'pass' | 'fail'; spf: 'pass' | 'fail'; disposition?: string; headerFrom?: string }[],
): Promise<void> {
  const [row] = await h.rows<{ id: string }>(
    `INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p)
     VALUES ('1.0', ?, ?, ?::timestamptz, ?::timestamptz + interval '1 day', ?, ?) RETURNING id`,
    [report.org, `r-${Math.random().toString(36).slice(2)}`, `${report.day}T00:00:00Z`, `${report.day}T00:00:00Z`, report.domain, report.policy ?? 'reject'],
  );
  for (const r of records) {
    await h.rows(
      `INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
       VALUES (?, ?::inet, ?, ?, ?, ?, ?, ?, ?::timestamptz)`,
      [row!.id, r.ip, r.count, r.disposition ?? 'none', r.dkim, r.spf, r.headerFrom ?? report.domain, report.domain, `${report.day}T00:00:00Z`],
    );
  }
}
