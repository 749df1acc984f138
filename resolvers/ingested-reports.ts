import type { Services } from '../src/app/services.js';
import type { Principal } from '../src/auth/principal.js';
import { mayReadReports } from '../src/auth/permissions.js';
import { ingestionAnswer } from '../src/ingestion/ingestion-answer.js';
import type { StoredReport } from '../src/ingestion/storage/ingestion-result.js';
import { IngestStatus, type IngestedReport } from './ingest.types.js';

/**
 * What ingestReport and reingestRefused answer for each report a file gave (src/ingestion/ingestion-answer.ts):
 * the submitted copy's figures, and for callers who may read reports the stored report itself.
 */
export async function ingestedReports(services: Services, stored: readonly StoredReport[], principal: Principal | null): Promise<IngestedReport[]> {
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
