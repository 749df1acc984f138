import type { CachedGeoLocation } from '../geolocation/cache/cached-geo-location.js';
import type { FailureReportRow } from './failure-report-sql.js';
import type { FailureReportView } from './failure-report-views.js';

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

export function toFailureReportView(row: FailureReportRow, geolocation: CachedGeoLocation | null): FailureReportView {
  return {
    id: Number(row.id),
    format: row.format === 'text' ? 'TEXT' : 'ARF',
    feedbackType: row.feedback_type,
    userAgent: row.user_agent,
    arrivalDate: date(row.arrival_date),
    receivedAt: date(row.received_at),
    sourceIp: row.source_ip,
    reportedDomain: row.reported_domain,
    reporterDomain: row.reporter_domain,
    authenticationResults: row.authentication_results,
    originalMailFrom: row.original_mail_from,
    originalRcptTo: row.original_rcpt_to,
    deliveryResult: row.delivery_result,
    authFailure: row.auth_failure,
    identityAlignment: row.identity_alignment,
    dkimDomain: row.dkim_domain,
    dkimSelector: row.dkim_selector,
    fields: row.fields,
    sample:
      row.sample_kind === null
        ? null
        : {
            kind: row.sample_kind === 'message' ? 'MESSAGE' : 'HEADERS',
            from: row.sample_from,
            to: row.sample_to,
            subject: row.sample_subject,
            date: row.sample_date === null ? null : date(row.sample_date),
            messageId: row.sample_message_id,
            headers: row.sample_headers,
            body: row.sample_body,
            urls: row.urls,
            attachmentNames: row.attachment_names,
          },
    warnings: row.warnings,
    geolocation,
  };
}
