import type { EntityManager } from '@mikro-orm/postgresql';
import { rawQuery, type RawQuery } from '../../database/raw-sql.js';
import type { ReportEvent, ReportHeader } from '../types.js';
import type { StoredReport } from './ingestion-result.js';
import { recordBatchJson, reportRowParams } from './record-payload.js';
import { finishReportSql, findReportSql, insertRecordBatchSql, insertReportSql } from './report-sql.js';

export interface WrittenReport {
  readonly stored: StoredReport;
  /** Distinct source IPs; empty for a duplicate. */
  readonly sourceIps: readonly string[];
}

/**
 * Stores the report whose `header` was just read, pulling its `records` events up to `end` from
 * `events`, in ONE transaction: if reading throws mid-way, nothing of the report remains.
 * A report already stored (same org, report id, policy domain) is read to its end and skipped;
 * `ON CONFLICT DO NOTHING` also settles a race with a concurrent ingester of the same report
 * (the loser waits for the winner's commit, then sees the row) without aborting the transaction.
 */
export function writeReport(em: EntityManager, header: ReportHeader, events: AsyncIterator<ReportEvent>): Promise<WrittenReport> {
  return em.fork().transactional(async (tx) => {
    const query = rawQuery(tx);
    const identity = { orgName: header.metadata.orgName, reportId: header.metadata.reportId, policyDomain: header.policy.domain };
    const [inserted] = await query<{ id: string }>(insertReportSql, reportRowParams(header, null));
    if (inserted === undefined) {
      await skipToEnd(events);
      const [existing] = await query<{ id: string; record_count: number }>(findReportSql, [identity.orgName, identity.reportId, identity.policyDomain]);
      if (existing === undefined) throw new Error(`report ${identity.reportId} conflicted but cannot be found`);
      return { stored: { status: 'duplicate', id: Number(existing.id), ...identity, records: existing.record_count }, sourceIps: [] };
    }
    const id = Number(inserted.id);
    const { recordCount, messageCount, sourceIps } = await writeRecords(query, id, header, events);
    await query(finishReportSql, [id, recordCount, messageCount]);
    return { stored: { status: 'ingested', id, ...identity, records: recordCount }, sourceIps };
  });
}

/**
 * Inserts batches while the parser reads the next one: PostgreSQL and the parser run on
 * different cores, so overlapping them is most of the throughput.
 */
async function writeRecords(query: RawQuery, reportId: number, header: ReportHeader, events: AsyncIterator<ReportEvent>) {
  const sourceIps = new Set<string>();
  let pending: Promise<unknown> = Promise.resolve();
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) throw new Error('the report stream ended without the end of the report');
      const event = next.value;
      if (event.type === 'end') {
        await pending;
        return { recordCount: event.summary.recordCount, messageCount: event.summary.messageCount, sourceIps: [...sourceIps] };
      }
      if (event.type !== 'records') throw new Error(`unexpected ${event.type} event inside a report`);
      for (const record of event.records) sourceIps.add(record.sourceIp);
      const batch = recordBatchJson(event.records);
      await pending;
      pending = query(insertRecordBatchSql, [batch, reportId, header.policy.domain, header.metadata.begin]);
      // Marked handled now (it is awaited later): a failure while the parser works is not "unhandled".
      pending.catch(() => {});
    }
  } catch (error) {
    // Let the statement in flight finish before the transaction is rolled back.
    await pending.catch(() => {});
    throw error;
  }
}

async function skipToEnd(events: AsyncIterator<ReportEvent>): Promise<void> {
  for (;;) {
    const next = await events.next();
    if (next.done || next.value.type === 'end') return;
  }
}
