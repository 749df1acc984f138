import type { EntityManager } from '@mikro-orm/postgresql';
import { copyTransaction, type CopyTransaction } from '../../database/raw-sql.js';
import type { ReportHeader, ReportSummary, StreamedReportEvent } from '../types.js';
import type { StoredReport } from './ingestion-result.js';
import { recordLines, reportColumns, reportRowParams } from './record-rows.js';
import { copyRecordsSql, deleteReportRecordsSql, finishReportSql, findReportSql, insertReportSql, updateReportSql } from './report-sql.js';

/**
 * Stores the report whose `header` was just read, pulling its `records` events up to `end` from
 * `events`, in ONE transaction: if reading throws mid-way, nothing of the report remains.
 * A report already stored (same org, report id, policy domain) is read to its end and skipped;
 * `ON CONFLICT DO NOTHING` also settles a race with a concurrent ingester of the same report
 * (the loser waits for the winner's commit, then sees the row) without aborting the transaction.
 */
export function writeReport(
  em: EntityManager,
  header: ReportHeader,
  events: AsyncIterator<StreamedReportEvent>,
  /** Runs in the report's transaction once it is stored (or found stored), e.g. to link its received file. */
  afterStore?: (tx: CopyTransaction, stored: StoredReport) => Promise<void>,
): Promise<StoredReport> {
  return copyTransaction(em, async (tx) => {
    const stored = await storeReport(tx, header, events);
    await afterStore?.(tx, stored);
    return stored;
  });
}

async function storeReport(tx: CopyTransaction, header: ReportHeader, events: AsyncIterator<StreamedReportEvent>): Promise<StoredReport> {
  const identity = { orgName: header.metadata.orgName, reportId: header.metadata.reportId, policyDomain: header.policy.domain };
  const [inserted] = await tx.query<{ id: string }>(insertReportSql, reportRowParams(header));
  if (inserted === undefined) {
    const submitted = await skipToEnd(events);
    const [existing] = await tx.query<{ id: string; record_count: number; message_count: string }>(findReportSql, [identity.orgName, identity.reportId, identity.policyDomain]);
    if (existing === undefined) throw new Error(`report ${identity.reportId} conflicted but cannot be found`);
    return {
      status: 'duplicate',
      id: Number(existing.id),
      ...identity,
      records: existing.record_count,
      messages: Number(existing.message_count),
      submitted: { records: submitted.recordCount, messages: submitted.messageCount },
      warnings: submitted.warnings,
    };
  }
  const id = Number(inserted.id);
  const { recordCount, messageCount, contentSha256, warnings } = await writeRecords(tx, reportColumns(id, header), events);
  await tx.query(finishReportSql, [id, recordCount, messageCount, contentSha256, JSON.stringify(warnings)]);
  return storedNow(id, header, recordCount, messageCount, warnings);
}

function storedNow(id: number, header: ReportHeader, records: number, messages: number, warnings: readonly string[]): StoredReport {
  const { orgName, reportId } = header.metadata;
  return { status: 'ingested', id, orgName, reportId, policyDomain: header.policy.domain, records, messages, submitted: { records, messages }, warnings };
}

/**
 * Rebuilds stored report `id` from a new reading of its file (reparse): its columns and all its
 * records replaced in ONE transaction, so a reader sees the old report or the new one, never a mix.
 */
export function rewriteReport(em: EntityManager, id: number, header: ReportHeader, events: AsyncIterator<StreamedReportEvent>): Promise<StoredReport> {
  return copyTransaction(em, async (tx) => {
    await tx.query(updateReportSql, [...reportRowParams(header), id]);
    await tx.query(deleteReportRecordsSql, [id]);
    const { recordCount, messageCount, contentSha256, warnings } = await writeRecords(tx, reportColumns(id, header), events);
    await tx.query(finishReportSql, [id, recordCount, messageCount, contentSha256, JSON.stringify(warnings)]);
    return storedNow(id, header, recordCount, messageCount, warnings);
  });
}

/** Batches sent and not yet acknowledged: the next one is ready when PostgreSQL ends the current one. */
const MAX_IN_FLIGHT = 2;

/**
 * Copies each batch while the parser reads the next ones: PostgreSQL and the parser run on
 * different cores, so overlapping them is most of the throughput. At most MAX_IN_FLIGHT batches
 * wait for the database and one is being read: memory is bounded by the batch size, whatever
 * the size of the report.
 */
async function writeRecords(tx: CopyTransaction, shared: string, events: AsyncIterator<StreamedReportEvent>) {
  const inFlight: Promise<number>[] = [];
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) throw new Error('the report stream ended without the end of the report');
      const event = next.value;
      if (event.type === 'end') {
        await Promise.all(inFlight);
        const { recordCount, messageCount, warnings } = event.summary;
        return { recordCount, messageCount, contentSha256: event.contentSha256, warnings };
      }
      if (event.type !== 'records') throw new Error(`unexpected ${event.type} event inside a report`);
      const lines = recordLines(shared, event.records);
      if (inFlight.length === MAX_IN_FLIGHT) await inFlight.shift();
      const copy = tx.copyIn(copyRecordsSql, lines);
      // Marked handled now (it is awaited later): a failure while the parser works is not "unhandled".
      copy.catch(() => {});
      inFlight.push(copy);
    }
  } catch (error) {
    // Let the statements in flight finish before the transaction is rolled back.
    await Promise.allSettled(inFlight);
    throw error;
  }
}

/** Reads a report that is stored already to its end: the figures and warnings of this copy. */
export async function skipToEnd(events: AsyncIterator<StreamedReportEvent>): Promise<ReportSummary> {
  for (;;) {
    const next = await events.next();
    if (next.done) return { recordCount: 0, messageCount: 0, warnings: [] };
    if (next.value.type === 'end') return next.value.summary;
  }
}
