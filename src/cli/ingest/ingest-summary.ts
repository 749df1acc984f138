import type { FileIngestionResult, StoredReport } from '../../ingestion/storage/index.js';

/** A report read with recoveries, and what was repaired. */
export interface RepairedReport {
  readonly file: string;
  readonly reportId: string;
  readonly warnings: readonly string[];
}

/** One report a file gave: stored now, or found stored already (its warnings are under `repaired`). */
export type ReportLine = { readonly file: string } & Pick<StoredReport, 'status' | 'id' | 'orgName' | 'reportId' | 'policyDomain' | 'records'>;

export interface RejectedFile {
  readonly file: string;
  readonly reason: string;
  readonly code: string;
}

/** The `--json` output of `dmarc-analytics ingest`. */
export interface IngestSummary {
  readonly ingested: number;
  readonly duplicates: number;
  readonly rejected: RejectedFile[];
  /** Reports of this run (new or duplicate) that were read only by repairing their input. */
  readonly repaired: RepairedReport[];
  /** Every report of the run, file by file (a zip, an e-mail or a file of concatenated reports gives several). */
  readonly reports: ReportLine[];
  /** Records stored by this run (duplicates not counted). */
  readonly records: number;
  readonly elapsedMs: number;
}

export function summarize(results: readonly FileIngestionResult[], elapsedMs: number): IngestSummary {
  const reports = results.flatMap((r) => r.reports);
  const ingested = reports.filter((r) => r.status === 'ingested');
  return {
    ingested: ingested.length,
    duplicates: reports.length - ingested.length,
    rejected: results.flatMap((r) => (r.error ? [{ file: r.file, reason: r.error.message, code: r.error.code }] : [])),
    repaired: results.flatMap((r) =>
      r.reports.filter((report) => report.warnings.length > 0).map((report) => ({ file: r.file, reportId: report.reportId, warnings: report.warnings })),
    ),
    reports: results.flatMap((r) =>
      r.reports.map(({ status, id, orgName, reportId, policyDomain, records }) => ({ file: r.file, status, id, orgName, reportId, policyDomain, records })),
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

export function formatSummary(summary: IngestSummary): string {
  const lines = [
    `reports ingested: ${summary.ingested}`,
    `duplicates:       ${summary.duplicates}`,
    `rejected files:   ${summary.rejected.length}`,
    ...summary.rejected.map((r) => `  ${r.file}: ${r.reason} (${r.code})`),
    `repaired reports: ${summary.repaired.length}`,
    ...summary.repaired.flatMap((r) => r.warnings.map((warning) => `  ${r.file} (${r.reportId}): ${warning}`)),
    ...severalPerFile(summary.reports),
    `records stored:   ${summary.records}`,
    `elapsed:          ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
