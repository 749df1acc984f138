import type { Services } from '../src/app/services.js';
import type { Principal } from '../src/auth/principal.js';
import { mayReadReports } from '../src/auth/permissions.js';
import { ingestionAnswer } from '../src/ingestion/ingestion-answer.js';
import type { FileIngestionResult, StoredReport } from '../src/ingestion/storage/ingestion-result.js';
import { IngestStatus, type IngestedFailureReport, type IngestedReport, type IngestedTlsReport } from './ingest.types.js';
import { failureReportAnswer, tlsReportAnswer } from '../src/ingestion/ingestion-answer.js';

/**
 * What ingestReport and reingestRefused answer for each report a file gave (src/ingestion/ingestion-answer.ts):
 * the submitted copy's figures, and for callers who may read reports the stored report itself.
 */
async function ingestedReports(services: Services, stored: readonly StoredReport[], principal: Principal | null): Promise<IngestedReport[]> {
  const mayRead = mayReadReports(principal);
  const reports: IngestedReport[] = [];
  for (const report of stored) {
    const answer = ingestionAnswer(report, mayRead);
    reports.push({
      status: answer.status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE,
      id: answer.id === undefined ? null : String(answer.id),
      orgName: answer.orgName,
      reportId: answer.reportId,
      policyDomain: answer.policyDomain,
      recordCount: answer.records,
      messageCount: answer.messages,
      warnings: answer.warnings,
      // Never loaded for an INGEST key: IngestedReport.report answers it FORBIDDEN (src/auth/permissions.ts).
      report: mayRead ? await services.reports.get(String(report.id)) : null,
    });
  }
  return reports;
}

const statusOf = (status: 'ingested' | 'duplicate'): IngestStatus => (status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE);

/**
 * Every report of an ingested file, of each kind, as ingestReport and reingestRefused answer: the
 * same rule for each (a duplicate's id only for callers who may read reports). The stored failure
 * and TLS reports are read by their field resolvers (ingest.resolver.ts), for the roles that may.
 */
export async function ingestedOfEveryKind(
  services: Services,
  result: Pick<FileIngestionResult, 'reports' | 'failureReports' | 'tlsReports'>,
  principal: Principal | null,
): Promise<{ reports: IngestedReport[]; failureReports: IngestedFailureReport[]; tlsReports: IngestedTlsReport[] }> {
  const mayRead = mayReadReports(principal);
  const idOf = (answer: { id?: number }) => (answer.id === undefined ? null : String(answer.id));
  return {
    reports: await ingestedReports(services, result.reports, principal),
    failureReports: result.failureReports.map((stored) => {
      const answer = failureReportAnswer(stored, mayRead);
      return { status: statusOf(answer.status), id: idOf(answer), reportedDomain: answer.reportedDomain, sourceIp: answer.sourceIp, warnings: answer.warnings };
    }) as IngestedFailureReport[],
    tlsReports: result.tlsReports.map((stored) => {
      const answer = tlsReportAnswer(stored, mayRead);
      return { status: statusOf(answer.status), id: idOf(answer), orgName: answer.orgName, reportId: answer.reportId, policyDomains: answer.policyDomains, warnings: answer.warnings };
    }) as IngestedTlsReport[],
  };
}
