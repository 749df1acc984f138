import type { ImapSettings } from '../../config/config.js';
import { storedCount, type FileIngestionResult, type StoredFailureReport, type StoredReport, type StoredTlsReport } from '../../ingestion/storage/index.js';
import type { MailboxPassResult } from '../../mailbox/mailbox-status-store.js';

/** A report read with recoveries, and what was repaired. */
export interface RepairedReport {
  readonly file: string;
  readonly reportId: string;
  readonly warnings: readonly string[];
}

/** One report a file gave: stored now, or found stored already (its warnings are under `repaired`). */
export type ReportLine = { readonly file: string } & Pick<StoredReport, 'status' | 'id' | 'orgName' | 'reportId' | 'policyDomain' | 'records'>;

/** One failure report a file gave (its domain and source: the sample is for the API's readers). */
export type FailureReportLine = { readonly file: string } & Pick<StoredFailureReport, 'status' | 'id' | 'reportedDomain' | 'sourceIp'>;

/** One SMTP TLS report a file gave. */
export type TlsReportLine = { readonly file: string } & Pick<StoredTlsReport, 'status' | 'id' | 'orgName' | 'reportId' | 'policyDomains' | 'policies'>;

export interface RejectedFile {
  readonly file: string;
  readonly reason: string;
  readonly code: string;
}

/** A mailbox message whose ingestion failed unexpectedly: left in the mailbox for another pass. */
export interface FailedMessage {
  readonly message: string;
  readonly reason: string;
}

/** The `--json` output of `dmarc-analytics ingest`. */
export interface IngestSummary {
  /** Reports of every kind (aggregate, failure, TLS) stored by this run. */
  readonly ingested: number;
  readonly duplicates: number;
  readonly rejected: RejectedFile[];
  /** Reports of this run (new or duplicate) that were read only by repairing their input. */
  readonly repaired: RepairedReport[];
  /** Every aggregate report of the run, file by file (a zip, an e-mail or a file of concatenated reports gives several). */
  readonly reports: ReportLine[];
  readonly failureReports: FailureReportLine[];
  readonly tlsReports: TlsReportLine[];
  /** Records stored by this run (duplicates not counted). */
  readonly records: number;
  readonly elapsedMs: number;
  /** With --imap: messages whose ingestion failed unexpectedly (they stay in the mailbox). */
  readonly failed?: FailedMessage[];
  /** With --imap: the pass as mailboxStatus records it (messages read, moved, ...). */
  readonly mailbox?: MailboxPassResult;
}

export function summarize(results: readonly FileIngestionResult[], elapsedMs: number): IngestSummary {
  const ingested = results.flatMap((r) => r.reports).filter((r) => r.status === 'ingested');
  const counts = results.map(storedCount);
  return {
    ingested: counts.reduce((sum, c) => sum + c.ingested, 0),
    duplicates: counts.reduce((sum, c) => sum + c.duplicates, 0),
    rejected: results.flatMap((r) => (r.error ? [{ file: r.file, reason: r.error.message, code: r.error.code }] : [])),
    repaired: results.flatMap((r) => [
      ...[...r.reports, ...r.tlsReports].filter((report) => report.warnings.length > 0).map((report) => ({ file: r.file, reportId: report.reportId, warnings: report.warnings })),
      ...r.failureReports.filter((report) => report.warnings.length > 0).map((report) => ({ file: r.file, reportId: `failure report ${report.id}`, warnings: report.warnings })),
    ]),
    reports: results.flatMap((r) =>
      r.reports.map(({ status, id, orgName, reportId, policyDomain, records }) => ({ file: r.file, status, id, orgName, reportId, policyDomain, records })),
    ),
    failureReports: results.flatMap((r) => r.failureReports.map(({ status, id, reportedDomain, sourceIp }) => ({ file: r.file, status, id, reportedDomain, sourceIp }))),
    tlsReports: results.flatMap((r) =>
      r.tlsReports.map(({ status, id, orgName, reportId, policyDomains, policies }) => ({ file: r.file, status, id, orgName, reportId, policyDomains, policies })),
    ),
    records: ingested.reduce((sum, r) => sum + r.records, 0),
    elapsedMs,
  };
}

/** The human summary names the reports of files that gave several; a one-report file is named by its file. */
function severalPerFile(reports: readonly ReportLine[]): string[] {
  const perFile = new Map<string, number>();
  for (const r of reports) perFile.set(r.file, (perFile.get(r.file) ?? 0) + 1);
  const several = reports.filter((r) => (perFile.get(r.file) ?? 0) > 1);
  if (several.length === 0) return [];
  return [
    `files with several reports: ${[...perFile.values()].filter((n) => n > 1).length}`,
    ...several.map((r) => `  ${r.file}: ${r.reportId} (${r.orgName}, ${r.policyDomain}) ${r.status === 'ingested' ? 'ingested' : 'duplicate'}, ${r.records} records`),
  ];
}

/** "N new, M already stored" for one kind of report, when the run had any. */
function kindLine(label: string, lines: readonly { status: 'ingested' | 'duplicate' }[]): string[] {
  if (lines.length === 0) return [];
  const fresh = lines.filter((line) => line.status === 'ingested').length;
  return [`${label} ${fresh} new, ${lines.length - fresh} already stored`];
}

/** The human summary: every count the exit code depends on, with the files and messages behind it. */
export function formatSummary(summary: IngestSummary, imap?: Pick<ImapSettings, 'processedFolder' | 'refusedFolder'>): string {
  const { mailbox, failed } = summary;
  const lines = [
    `reports ingested: ${summary.ingested}`,
    `duplicates:       ${summary.duplicates}`,
    `${mailbox ? 'rejected:        ' : 'rejected files:  '} ${summary.rejected.length}`,
    ...summary.rejected.map((r) => `  ${r.file}: ${r.reason} (${r.code})`),
    ...(failed ? [`failed messages:  ${failed.length}`, ...failed.map((f) => `  ${f.message}: ${f.reason}`)] : []),
    ...kindLine('failure reports: ', summary.failureReports),
    ...kindLine('TLS reports:     ', summary.tlsReports),
    `repaired reports: ${summary.repaired.length}`,
    ...summary.repaired.flatMap((r) => r.warnings.map((warning) => `  ${r.file} (${r.reportId}): ${warning}`)),
    ...severalPerFile(summary.reports),
    `records stored:   ${summary.records}`,
    ...(mailbox && imap
      ? [
          `mailbox:          ${mailbox.messages} messages read: ${mailbox.messages - mailbox.refused - mailbox.failed} moved to ${imap.processedFolder}, ` +
            `${mailbox.refused} to ${imap.refusedFolder}${mailbox.poisoned > 0 ? ` (${mailbox.poisoned} after failing IMAP_MAX_ATTEMPTS times)` : ''}, ` +
            `${mailbox.failed} left for another attempt`,
        ]
      : []),
    `elapsed:          ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
