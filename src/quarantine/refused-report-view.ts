import type { IngestChannel } from '../received-files/received-file.js';

/** A quarantined file as the API shows it (never its bytes). */
export interface RefusedReportView {
  readonly id: number;
  readonly sha256: string;
  readonly source: IngestChannel;
  readonly sourceName: string;
  readonly code: string;
  readonly reason: string;
  readonly sizeBytes: number;
  /** False when the file was larger than QUARANTINE_MAX_BYTES compressed: only its metadata is kept. */
  readonly contentKept: boolean;
  readonly receivedAt: Date;
  readonly lastReceivedAt: Date;
  readonly timesReceived: number;
  readonly reingestedAt: Date | null;
  readonly reingestedReportIds: readonly number[];
}

export interface RefusedReportRow {
  id: string;
  sha256: string;
  source: string;
  source_name: string;
  code: string;
  reason: string;
  size_bytes: string;
  compression: string | null;
  content_kept: boolean;
  // The raw-SQL connection leaves timestamps as text.
  received_at: Date | string;
  last_received_at: Date | string;
  times_received: number;
  reingested_at: Date | string | null;
  reingested_report_ids: number[] | null;
}

export function refusedReportView(row: RefusedReportRow): RefusedReportView {
  return {
    id: Number(row.id),
    sha256: row.sha256,
    source: row.source as IngestChannel,
    sourceName: row.source_name,
    code: row.code,
    reason: row.reason,
    sizeBytes: Number(row.size_bytes),
    contentKept: row.content_kept,
    receivedAt: new Date(row.received_at),
    lastReceivedAt: new Date(row.last_received_at),
    timesReceived: row.times_received,
    reingestedAt: row.reingested_at === null ? null : new Date(row.reingested_at),
    reingestedReportIds: (row.reingested_report_ids ?? []).map(Number),
  };
}
