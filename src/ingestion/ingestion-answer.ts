import type { StoredFailureReport, StoredReport, StoredTlsReport } from './storage/ingestion-result.js';

/**
 * What a submitter is told about one report of its file, the same through POST /reports and the
 * ingestReport mutation. The figures are always those of the file it sent. A caller who may read
 * reports also learns, for a duplicate, which stored report it duplicates (`id`); a caller who may
 * only submit (an INGEST key) learns that it is a duplicate and nothing of the stored copy, so a
 * one-record upload reusing a stored report's org, id and domain cannot probe its id or size.
 */
export interface IngestionAnswer {
  readonly status: StoredReport['status'];
  /** The stored report; absent for a duplicate answered to a caller who may not read reports. */
  readonly id?: number;
  readonly orgName: string;
  readonly reportId: string;
  readonly policyDomain: string;
  /** Records of the submitted copy. */
  readonly records: number;
  /** Messages of the submitted copy (the sum of its records' counts). */
  readonly messages: number;
  /** What was repaired to read the submitted copy. */
  readonly warnings: readonly string[];
}

export function ingestionAnswer(stored: StoredReport, mayReadReports: boolean): IngestionAnswer {
  const { status, id, orgName, reportId, policyDomain, submitted, warnings } = stored;
  const showsId = status === 'ingested' || mayReadReports;
  return { status, ...(showsId ? { id } : {}), orgName, reportId, policyDomain, records: submitted.records, messages: submitted.messages, warnings };
}

/** What a submitter is told about one failure report of its file (the same rule: a duplicate's id only for readers). */
export interface FailureReportAnswer {
  readonly status: StoredFailureReport['status'];
  readonly id?: number;
  readonly reportedDomain: string;
  readonly sourceIp: string | null;
  /** When the failed message arrived, as the submitted copy says. */
  readonly arrivalDate: Date;
  readonly warnings: readonly string[];
}

export function failureReportAnswer(stored: StoredFailureReport, mayReadReports: boolean): FailureReportAnswer {
  const { status, id, reportedDomain, sourceIp, arrivalDate, warnings } = stored;
  return { status, ...(status === 'ingested' || mayReadReports ? { id } : {}), reportedDomain, sourceIp, arrivalDate, warnings };
}

/** What a submitter is told about one SMTP TLS report of its file (a duplicate's id only for readers). */
export interface TlsReportAnswer {
  readonly status: StoredTlsReport['status'];
  readonly id?: number;
  readonly orgName: string;
  readonly reportId: string;
  readonly policyDomains: readonly string[];
  /** Policies of the submitted copy. */
  readonly policies: number;
  readonly warnings: readonly string[];
}

export function tlsReportAnswer(stored: StoredTlsReport, mayReadReports: boolean): TlsReportAnswer {
  const { status, id, orgName, reportId, policyDomains, policies, warnings } = stored;
  return { status, ...(status === 'ingested' || mayReadReports ? { id } : {}), orgName, reportId, policyDomains, policies, warnings };
}
