import type { EntityManager } from '@mikro-orm/postgresql';
import { copyTransaction, type CopyTransaction } from '../../database/raw-sql.js';
import type { FailureReport } from '../failure/failure-report.js';
import { redactFailureReport, type FailurePrivacy } from '../failure/redaction.js';
import { failureReportParams, findFailureReportSql, insertFailureReportSql } from './failure-report-sql.js';
import type { StoredFailureReport } from './ingestion-result.js';

/**
 * Stores one failure report in its own transaction, redacted as `privacy` says; a report stored
 * already (same identity) is answered as a duplicate. `keepRaw` keeps the received e-mail (raw
 * retention) in the same transaction and gives its row, or null.
 */
export function writeFailureReport(
  em: EntityManager,
  report: FailureReport,
  contentSha256: string,
  privacy: FailurePrivacy,
  keepRaw?: (tx: CopyTransaction) => Promise<number | null>,
): Promise<StoredFailureReport> {
  return copyTransaction(em, async (tx) => {
    const stored = redactFailureReport(report, privacy);
    const sample = report.sample;
    // A report that states no arrival is placed at its receipt (its warnings say so).
    const arrivalDate = report.arrivalDate ?? new Date();
    const warnings = report.arrivalDate === null ? [...report.warnings, 'the arrival date is unknown; the time it was received is used'] : report.warnings;
    const summary = { reportedDomain: report.reportedDomain, sourceIp: report.sourceIp, warnings };
    const [existing] = await tx.query<{ id: string }>(findFailureReportSql, [report.identity]);
    // A duplicate is answered with what the submitted copy says (the stored copy is for readers).
    if (existing !== undefined) return { status: 'duplicate', id: Number(existing.id), ...summary, arrivalDate };
    const rawFileId = (await keepRaw?.(tx)) ?? null;
    const [inserted] = await tx.query<{ id: string }>(insertFailureReportSql, failureReportParams({
      identity_sha256: report.identity,
      format: report.format,
      feedback_type: report.feedbackType,
      user_agent: report.userAgent,
      arrival_date: arrivalDate,
      source_ip: report.sourceIp,
      reported_domain: report.reportedDomain,
      authentication_results: stored.authenticationResults,
      original_mail_from: stored.originalMailFrom,
      original_rcpt_to: stored.originalRcptTo,
      delivery_result: report.deliveryResult,
      auth_failure: report.authFailure,
      identity_alignment: report.identityAlignment,
      dkim_domain: report.dkimDomain,
      dkim_selector: report.dkimSelector,
      reporter_domain: report.reporterDomain,
      fields: JSON.stringify(stored.fields),
      sample_kind: sample?.kind ?? null,
      sample_from: stored.sampleFrom,
      sample_to: stored.sampleTo,
      sample_subject: stored.sampleSubject,
      sample_date: sample?.date ?? null,
      sample_message_id: sample?.messageId ?? null,
      sample_headers: JSON.stringify(stored.sampleHeaders),
      sample_body: stored.sampleBody,
      urls: stored.urls,
      attachment_names: stored.attachmentNames,
      warnings: JSON.stringify(warnings),
      content_sha256: contentSha256,
      raw_file_id: rawFileId,
    }));
    if (inserted === undefined) {
      // A concurrent ingester stored it between the lookup and the insert (it waited for that commit).
      const [winner] = await tx.query<{ id: string }>(findFailureReportSql, [report.identity]);
      if (winner === undefined) throw new Error(`failure report ${report.identity} conflicted but cannot be found`);
      return { status: 'duplicate', id: Number(winner.id), ...summary, arrivalDate };
    }
    return { status: 'ingested', id: Number(inserted.id), ...summary, arrivalDate };
  });
}
