import type { EntityManager } from '@mikro-orm/postgresql';
import { copyTransaction, type CopyTransaction } from '../../database/raw-sql.js';
import type { TlsReport } from '../tls/tls-report.js';
import type { StoredTlsReport } from './ingestion-result.js';
import { findTlsReportSql, insertTlsFailureDetailsSql, insertTlsPolicySql, insertTlsReportSql } from './tls-report-sql.js';

/**
 * Stores one TLS report with its policies and failure details in ONE transaction; a report stored
 * already (same organization and report id) is answered as a duplicate. `keepRaw` keeps the
 * received file (raw retention) in the same transaction and gives its row, or null.
 */
export function writeTlsReport(
  em: EntityManager,
  report: TlsReport,
  contentSha256: string,
  keepRaw?: (tx: CopyTransaction) => Promise<number | null>,
): Promise<StoredTlsReport> {
  return copyTransaction(em, async (tx) => {
    const policyDomains = [...new Set(report.policies.map((policy) => policy.policyDomain))].sort();
    const summary = { orgName: report.organizationName, reportId: report.reportId, policyDomains, policies: report.policies.length, warnings: report.warnings };
    const [existing] = await tx.query<{ id: string }>(findTlsReportSql, [report.organizationName, report.reportId]);
    if (existing !== undefined) return { status: 'duplicate', id: Number(existing.id), ...summary };
    const successful = report.policies.reduce((sum, policy) => sum + policy.successfulSessions, 0);
    const failed = report.policies.reduce((sum, policy) => sum + policy.failedSessions, 0);
    const rawFileId = (await keepRaw?.(tx)) ?? null;
    const [inserted] = await tx.query<{ id: string }>(insertTlsReportSql, [
      report.organizationName, report.reportId, report.contactInfo, report.begin, report.end, policyDomains, successful, failed,
      JSON.stringify(report.warnings), contentSha256, rawFileId,
    ]);
    if (inserted === undefined) {
      // A concurrent ingester stored it between the lookup and the insert (it waited for that commit).
      const [winner] = await tx.query<{ id: string }>(findTlsReportSql, [report.organizationName, report.reportId]);
      if (winner === undefined) throw new Error(`TLS report ${report.reportId} conflicted but cannot be found`);
      return { status: 'duplicate', id: Number(winner.id), ...summary };
    }
    const id = Number(inserted.id);
    for (const policy of report.policies) {
      const [row] = await tx.query<{ id: string }>(insertTlsPolicySql, [
        id, policy.policyType, policy.policyDomain, policy.policyStrings, policy.mxHosts, policy.successfulSessions, policy.failedSessions, report.begin, report.end,
      ]);
      if (policy.failureDetails.length === 0) continue;
      const details = policy.failureDetails.map((d) => ({
        result_type: d.resultType,
        sending_mta_ip: d.sendingMtaIp,
        receiving_ip: d.receivingIp,
        receiving_mx_hostname: d.receivingMxHostname,
        receiving_mx_helo: d.receivingMxHelo,
        failed_sessions: d.failedSessions,
        additional_information: d.additionalInformation,
        failure_reason_code: d.failureReasonCode,
      }));
      await tx.query(insertTlsFailureDetailsSql, [row!.id, JSON.stringify(details)]);
    }
    return { status: 'ingested', id, ...summary };
  });
}
