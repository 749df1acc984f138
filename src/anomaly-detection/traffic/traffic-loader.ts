import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, runSql } from '../sql.js';
import type { GeneratedTraffic } from './traffic-model.js';

const REPORT_BATCH = 5_000;
const RECORD_BATCH = 50_000;

const insertReportsSql = `
INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p, record_count, message_count)
SELECT '1.0', * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::int[], ?::bigint[])
RETURNING id, report_id`;

const insertRecordsSql = `
INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, envelope_from, policy_domain, date_begin)
SELECT * FROM unnest(?::bigint[], ?::inet[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])`;

/**
 * Inserts generated traffic with a handful of `INSERT ... SELECT FROM unnest(...)` statements: one
 * array parameter per column, so a batch of 50,000 records is one round trip. One transaction.
 */
export async function loadTraffic(em: EntityManager, traffic: GeneratedTraffic): Promise<{ reports: number; records: number }> {
  await em.transactional(async (tx) => {
    const reportIds: number[] = new Array<number>(traffic.reports.length);
    const byReportId = new Map(traffic.reports.map((report, index) => [report.reportId, index]));
    for (let start = 0; start < traffic.reports.length; start += REPORT_BATCH) {
      const batch = traffic.reports.slice(start, start + REPORT_BATCH);
      const rows = await runSql<{ id: string | number; report_id: string }>(tx, insertReportsSql, [
        pgArray(batch.map((r) => r.orgName)),
        pgArray(batch.map((r) => r.reportId)),
        pgArray(batch.map((r) => r.dateBegin.toISOString())),
        pgArray(batch.map((r) => r.dateEnd.toISOString())),
        pgArray(batch.map((r) => r.policyDomain)),
        pgArray(batch.map((r) => r.policyP)),
        pgArray(batch.map((r) => r.recordCount)),
        pgArray(batch.map((r) => r.messageCount)),
      ]);
      for (const row of rows) reportIds[byReportId.get(row.report_id)!] = Number(row.id);
    }

    const { records } = traffic;
    for (let start = 0; start < records.length; start += RECORD_BATCH) {
      const end = Math.min(start + RECORD_BATCH, records.length);
      const reportIndex = records.reportIndex.slice(start, end);
      await runSql(tx, insertRecordsSql, [
        pgArray(reportIndex.map((i) => reportIds[i]!)),
        pgArray(records.sourceIp.slice(start, end)),
        pgArray(records.count.slice(start, end)),
        pgArray(records.disposition.slice(start, end)),
        pgArray(records.dkimAligned.slice(start, end)),
        pgArray(records.spfAligned.slice(start, end)),
        pgArray(records.headerFrom.slice(start, end)),
        pgArray(records.envelopeFrom.slice(start, end)),
        pgArray(reportIndex.map((i) => traffic.reports[i]!.policyDomain)),
        pgArray(reportIndex.map((i) => traffic.reports[i]!.dateBegin.toISOString())),
      ]);
    }
  });
  return { reports: traffic.reports.length, records: traffic.records.length };
}
