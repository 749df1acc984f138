import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import type { GeneratedTraffic } from './traffic-model.js';
import { insertRecordsSql, insertReportsSql } from './traffic-sql.js';

const REPORT_BATCH = 5_000;
const RECORD_BATCH = 50_000;

/**
 * Inserts generated traffic with a handful of `INSERT ... SELECT FROM unnest(...)` statements: one
 * array parameter per column (bound as a PostgreSQL array), so a batch of 50,000 records is one round trip. One transaction.
 */
export async function loadTraffic(em: EntityManager, traffic: GeneratedTraffic): Promise<{ reports: number; records: number }> {
  await em.transactional(async (tx) => {
    const reportIds: number[] = new Array<number>(traffic.reports.length);
    const byReportId = new Map(traffic.reports.map((report, index) => [report.reportId, index]));
    for (let start = 0; start < traffic.reports.length; start += REPORT_BATCH) {
      const batch = traffic.reports.slice(start, start + REPORT_BATCH);
      const rows = await selectRows<{ id: string | number; report_id: string }>(tx, insertReportsSql, [
        batch.map((r) => r.orgName),
        batch.map((r) => r.reportId),
        batch.map((r) => r.dateBegin.toISOString()),
        batch.map((r) => r.dateEnd.toISOString()),
        batch.map((r) => r.policyDomain),
        batch.map((r) => r.policyP),
        batch.map((r) => r.recordCount),
        batch.map((r) => r.messageCount),
      ]);
      for (const row of rows) reportIds[byReportId.get(row.report_id)!] = Number(row.id);
    }

    const { records } = traffic;
    for (let start = 0; start < records.length; start += RECORD_BATCH) {
      const end = Math.min(start + RECORD_BATCH, records.length);
      const reportIndex = records.reportIndex.slice(start, end);
      await selectRows(tx, insertRecordsSql, [
        reportIndex.map((i) => reportIds[i]!),
        records.sourceIp.slice(start, end),
        records.count.slice(start, end),
        records.disposition.slice(start, end),
        records.dkimAligned.slice(start, end),
        records.spfAligned.slice(start, end),
        records.headerFrom.slice(start, end),
        records.envelopeFrom.slice(start, end),
        reportIndex.map((i) => traffic.reports[i]!.policyDomain),
        reportIndex.map((i) => traffic.reports[i]!.dateBegin.toISOString()),
      ]);
    }
  });
  return { reports: traffic.reports.length, records: traffic.records.length };
}
