import type { Services } from '../src/graphql/context.js';
import type { FileIngestionResult, StoredReport } from '../src/ingestion/storage/ingestion-result.js';
import { IngestStatus, type IngestedFailureReport, type IngestedReport, type IngestedTlsReport } from './ingest.types.js';

const statusOf = (status: 'ingested' | 'duplicate'): IngestStatus => (status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE);

/**
 * Every report of an ingested file, of each kind, as ingestReport and reingestRefused answer.
 * The stored failure and TLS reports are read by their field resolvers (ingest.resolver.ts), for
 * the roles that may read them.
 */
export async function ingestedOfEveryKind(
  services: Services,
  result: Pick<FileIngestionResult, 'reports' | 'failureReports' | 'tlsReports'>,
): Promise<{ reports: IngestedReport[]; failureReports: IngestedFailureReport[]; tlsReports: IngestedTlsReport[] }> {
  return {
    reports: await ingestedReports(services, result.reports),
    failureReports: result.failureReports.map(({ status, id, reportedDomain, sourceIp, warnings }) => ({
      status: statusOf(status), id: String(id), reportedDomain, sourceIp, warnings,
    })) as IngestedFailureReport[],
    tlsReports: result.tlsReports.map(({ status, id, orgName, reportId, policyDomains, warnings }) => ({
      status: statusOf(status), id: String(id), orgName, reportId, policyDomains, warnings,
    })) as IngestedTlsReport[],
  };
}

/** What ingestReport and reingestRefused answer for each report a file gave: id, status and counts, and the stored report for readers. */
export async function ingestedReports(services: Services, stored: readonly StoredReport[]): Promise<IngestedReport[]> {
  const reports: IngestedReport[] = [];
  for (const { id, status, warnings } of stored) {
    const report = await services.reports.get(String(id));
    reports.push({
      status: status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE,
      id: String(report.id),
      orgName: report.orgName,
      reportId: report.reportId,
      policyDomain: report.policy.domain,
      recordCount: report.recordCount,
      messageCount: report.messageCount,
      warnings,
      report,
    });
  }
  return reports;
}
