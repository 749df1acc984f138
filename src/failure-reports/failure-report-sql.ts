import type { FailureReportFilter } from './failure-report-views.js';

/** The columns toFailureReportView reads; `f` is failure_reports. */
const FAILURE_REPORT_COLUMNS = `f.id, f.format, f.feedback_type, f.user_agent, f.arrival_date, f.received_at, host(f.source_ip) AS source_ip,
  f.reported_domain, f.reporter_domain, f.authentication_results, f.original_mail_from, f.original_rcpt_to, f.delivery_result, f.auth_failure,
  f.identity_alignment, f.dkim_domain, f.dkim_selector, f.fields, f.sample_kind, f.sample_from, f.sample_to, f.sample_subject, f.sample_date,
  f.sample_message_id, f.sample_headers, f.sample_body, f.urls, f.attachment_names, f.warnings`;

/** $1 id. */
export const failureReportByIdSql = `SELECT ${FAILURE_REPORT_COLUMNS} FROM failure_reports f WHERE f.id = $1`;

/**
 * A page of the failure reports matching `condition` (its `n` parameters first), newest first by
 * arrival. With `afterCursor`, $n+1 and $n+2 are the arrival date and id of the previous page's
 * last report; the last parameter is the limit.
 */
export function failureReportPageSql(condition: string, n: number, afterCursor: boolean): string {
  const keyset = afterCursor ? ` AND (f.arrival_date, f.id) < ($${n + 1}, $${n + 2})` : '';
  return `SELECT ${FAILURE_REPORT_COLUMNS} FROM failure_reports f WHERE ${condition}${keyset} ORDER BY f.arrival_date DESC, f.id DESC LIMIT $${n + (afterCursor ? 3 : 1)}`;
}

/** The failure reports matching `condition`. */
export const failureReportCountSql = (condition: string): string => `SELECT count(*) AS n FROM failure_reports f WHERE ${condition}`;

/** The condition on `f` for the failure samples kept as the evidence of the alert whose id is parameter `param`. */
export const alertEvidenceSql = (param: string): string => `f.id IN (SELECT e.failure_report_id FROM alert_failure_reports e WHERE e.alert_id = ${param}::uuid)`;

export interface FailureReportRow {
  id: string;
  format: string;
  feedback_type: string;
  user_agent: string | null;
  arrival_date: Date | string;
  received_at: Date | string;
  source_ip: string | null;
  reported_domain: string;
  reporter_domain: string | null;
  authentication_results: string | null;
  original_mail_from: string | null;
  original_rcpt_to: string[];
  delivery_result: string | null;
  auth_failure: string[];
  identity_alignment: string[];
  dkim_domain: string | null;
  dkim_selector: string | null;
  fields: { name: string; value: string }[];
  sample_kind: string | null;
  sample_from: string | null;
  sample_to: string[];
  sample_subject: string | null;
  sample_date: Date | string | null;
  sample_message_id: string | null;
  sample_headers: { name: string; value: string }[];
  sample_body: string | null;
  urls: string[];
  attachment_names: string[];
  warnings: string[];
}

/** The WHERE condition of a filter on `f`; its values are appended to `params` and numbered from there. */
export function failureReportWhere(filter: FailureReportFilter, params: unknown[]): string {
  const conditions = ['true'];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.domain) add((p) => `f.reported_domain = ${p}`, filter.domain.toLowerCase());
  if (filter.sourceIp) add((p) => `f.source_ip = ${p}::inet`, filter.sourceIp);
  if (filter.from) add((p) => `f.arrival_date >= ${p}`, filter.from);
  if (filter.to) add((p) => `f.arrival_date < ${p}`, filter.to);
  if (filter.authFailure) add((p) => `${p} = ANY(f.auth_failure)`, filter.authFailure.toLowerCase());
  return conditions.join(' AND ');
}
