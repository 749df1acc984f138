/** The SQL of failure report storage: one row per report, once per identity. */

const columns = [
  'identity_sha256', 'format', 'feedback_type', 'user_agent', 'arrival_date', 'source_ip', 'reported_domain', 'authentication_results',
  'original_mail_from', 'original_rcpt_to', 'delivery_result', 'auth_failure', 'identity_alignment', 'dkim_domain', 'dkim_selector',
  'reporter_domain', 'fields', 'sample_kind', 'sample_from', 'sample_to', 'sample_subject', 'sample_date', 'sample_message_id',
  'sample_headers', 'sample_body', 'urls', 'attachment_names', 'warnings', 'content_sha256', 'raw_file_id',
] as const;

/** The parameter list of insertFailureReportSql, in its order. */
export type FailureReportRow = Record<(typeof columns)[number], unknown>;

const casts: Partial<Record<(typeof columns)[number], string>> = {
  source_ip: '::inet', original_rcpt_to: '::text[]', auth_failure: '::text[]', identity_alignment: '::text[]', fields: '::jsonb',
  sample_to: '::text[]', sample_headers: '::jsonb', urls: '::text[]', attachment_names: '::text[]', warnings: '::jsonb',
};

/** Returns the new id, or no row when the report is stored already. */
export const insertFailureReportSql = `
INSERT INTO failure_reports (${columns.join(', ')})
VALUES (${columns.map((column, i) => `$${i + 1}${casts[column] ?? ''}`).join(', ')})
ON CONFLICT ON CONSTRAINT failure_reports_identity_unique DO NOTHING
RETURNING id`;

export function failureReportParams(row: FailureReportRow): unknown[] {
  return columns.map((column) => row[column]);
}

/** $1 identity. */
export const findFailureReportSql = `SELECT id FROM failure_reports WHERE identity_sha256 = $1`;
