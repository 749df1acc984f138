import type { IngestChannel } from '../../received-files/received-file.js';
import type { RefusalCode } from '../errors.js';

/** What happened to one report of an input file. */
export interface StoredReport {
  readonly status: 'ingested' | 'duplicate';
  /** Primary key of the report row (the existing one for a duplicate). */
  readonly id: number;
  readonly orgName: string;
  readonly reportId: string;
  readonly policyDomain: string;
  /** Records stored (for a duplicate: the records of the stored copy). */
  readonly records: number;
  /** Messages stored (for a duplicate: those of the stored copy). */
  readonly messages: number;
  /**
   * The figures of the copy just read. For a new report the same as records/messages; for a
   * duplicate they may differ, and they are all a caller who may not read reports is told.
   */
  readonly submitted: { readonly records: number; readonly messages: number };
  /** What was repaired to read this copy of the report (stored with it when it is new); empty when nothing. */
  readonly warnings: readonly string[];
}

/** What happened to one failure report of an input file. */
export interface StoredFailureReport {
  readonly status: 'ingested' | 'duplicate';
  /** Primary key of the failure_reports row (the existing one for a duplicate). */
  readonly id: number;
  readonly reportedDomain: string;
  readonly sourceIp: string | null;
  readonly arrivalDate: Date;
  readonly warnings: readonly string[];
}

/** What happened to one SMTP TLS report of an input file. */
export interface StoredTlsReport {
  readonly status: 'ingested' | 'duplicate';
  /** Primary key of the tls_reports row (the existing one for a duplicate). */
  readonly id: number;
  readonly orgName: string;
  readonly reportId: string;
  readonly policyDomains: readonly string[];
  readonly policies: number;
  readonly warnings: readonly string[];
}

export interface IngestionFailure {
  readonly code: RefusalCode;
  readonly message: string;
}

/**
 * Outcome for one input file. A file may hold several reports (zip, e-mail): those read before a
 * failure stay stored and are listed; the failing one is rolled back and described in `error`.
 */
export interface FileIngestionResult {
  readonly file: string;
  /** Aggregate reports. */
  readonly reports: readonly StoredReport[];
  readonly failureReports: readonly StoredFailureReport[];
  readonly tlsReports: readonly StoredTlsReport[];
  readonly error?: IngestionFailure;
  /** The refused_reports row keeping the refused file (when the ingester has a quarantine). */
  readonly refusedReportId?: number;
}

/** The `reportIngested` event (src/events): what its reactions (geolocation, heatmaps) learn about a new report. */
export interface IngestedReportEvent {
  readonly reportId: number;
  readonly policyDomain: string;
  /** Distinct canonical source IPs of the report's records. */
  readonly sourceIps: readonly string[];
}

/** A failure report stored for the first time: the `failureReportIngested` event (src/events). */
export interface IngestedFailureReportEvent {
  readonly failureReportId: number;
  readonly reportedDomain: string;
  readonly sourceIp: string | null;
  readonly arrivalDate: Date;
}

/** A TLS report stored for the first time: the `tlsReportIngested` event (src/events). */
export interface IngestedTlsReportEvent {
  readonly tlsReportId: number;
  readonly policyDomains: readonly string[];
}

/** Every report of a file, of any kind, stored now or before: how many there are. */
export function storedCount(result: Pick<FileIngestionResult, 'reports' | 'failureReports' | 'tlsReports'>): { ingested: number; duplicates: number } {
  const all = [...result.reports, ...result.failureReports, ...result.tlsReports];
  const ingested = all.filter((report) => report.status === 'ingested').length;
  return { ingested, duplicates: all.length - ingested };
}

/** The `fileIngested` event (src/events): one received file read to its end, whatever came of it (metrics). */
export interface FileIngestedEvent {
  readonly channel: IngestChannel;
  /** Bytes of the file as received (compressed, when it came so). */
  readonly bytes: number;
  /** From the start of reading to the last report's commit (or the refusal). */
  readonly durationMs: number;
  readonly result: FileIngestionResult;
}
