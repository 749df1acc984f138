import type { Services } from '../src/app/services.js';
import type { StoredReport } from '../src/ingestion/storage/ingestion-result.js';
import { IngestStatus, type IngestedReport } from './ingest.types.js';

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
