import { NotFoundError } from '../errors/app-error.js';
import type { FileIngestionResult, ReportIngestionService } from '../ingestion/storage/index.js';
import { unpackFile } from '../received-files/packed-file.js';
import type { QuarantineStore } from './quarantine-store.js';
import type { RefusedReportView } from './refused-report-view.js';

export interface ReingestOutcome {
  readonly result: FileIngestionResult;
  /** The quarantine row after the attempt (reingestedAt and the report ids on success). */
  readonly refusedReport: RefusedReportView;
}

/**
 * Tries a quarantined file again with the current parser (after an upgrade that learned to read
 * it). On success the row is marked re-ingested with the reports it gave; refused again, the row
 * keeps the new reason. The file is streamed from its compressed bytes, never whole in memory.
 */
export async function reingestRefused(quarantine: QuarantineStore, ingestion: ReportIngestionService, id: number): Promise<ReingestOutcome> {
  const row = await quarantine.get(id);
  if (row === null) throw new NotFoundError(`refused report ${id} does not exist`);
  const content = await quarantine.content(id);
  if (content === null) throw new NotFoundError(`refused report ${id} was kept without its bytes (larger than QUARANTINE_MAX_BYTES compressed): it cannot be re-ingested`);
  const file = { name: row.sourceName, open: () => unpackFile(content.compression, content.content) };
  const result = await ingestion.ingestReceived(file, { channel: row.source, name: row.sourceName }, { keepRefused: false });
  if (result.error !== undefined) await quarantine.recordAttempt(id, result.error);
  else await quarantine.markIngested(row.sha256, result.reports.map((r) => r.id));
  return { result, refusedReport: (await quarantine.get(id))! };
}
