/**
 * The SQL of report storage: the report row first (its id numbers the records), then the records
 * with COPY, one statement per parsed batch, then the totals and the document's hash.
 */

/** $1..$19: the report columns (see reportRowParams). Returns the new id, or no row when the report is already stored. */
export const insertReportSql = `
INSERT INTO dmarc_reports (
  schema_version, org_name, org_email, extra_contact_info, report_id, date_begin, date_end, errors, generator,
  policy_domain, policy_adkim, policy_aspf, policy_p, policy_sp, policy_np, policy_pct, policy_fo, policy_testing,
  policy_discovery_method
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
ON CONFLICT ON CONSTRAINT dmarc_reports_identity_unique DO NOTHING
RETURNING id`;

export const findReportSql = `
SELECT id, record_count, message_count FROM dmarc_reports WHERE org_name = $1 AND report_id = $2 AND policy_domain = $3`;

/** The lines of record-rows.ts, one per record. */
export const copyRecordsSql = `
COPY dmarc_records (
  report_id, policy_domain, date_begin, source_ip, count, disposition, dkim_aligned, spf_aligned, reasons,
  header_from, envelope_from, envelope_to, auth_results
) FROM STDIN`;

/** $1 id, $2 records, $3 messages, $4 SHA-256 of the XML document (hex), $5 the parser's warnings (JSON array). */
export const finishReportSql = `
UPDATE dmarc_reports SET record_count = $2, message_count = $3, content_sha256 = $4, warnings = $5::jsonb WHERE id = $1`;

/** $1 report id. The addresses the reportIngested event carries. */
export const reportSourceIpsSql = `
SELECT DISTINCT host(source_ip) AS ip, source_ip FROM dmarc_records WHERE report_id = $1 ORDER BY source_ip`;

/** $1..$19 as insertReportSql, $20 the id: a reparsed report's columns (its identity is unchanged). */
export const updateReportSql = `
UPDATE dmarc_reports SET
  schema_version = $1, org_name = $2, org_email = $3, extra_contact_info = $4, report_id = $5, date_begin = $6, date_end = $7,
  errors = $8::jsonb, generator = $9, policy_domain = $10, policy_adkim = $11, policy_aspf = $12, policy_p = $13,
  policy_sp = $14, policy_np = $15, policy_pct = $16, policy_fo = $17, policy_testing = $18, policy_discovery_method = $19
WHERE id = $20`;

/** $1 report id. */
export const deleteReportRecordsSql = `DELETE FROM dmarc_records WHERE report_id = $1`;
