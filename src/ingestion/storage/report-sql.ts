/**
 * The SQL of report storage. Records and their auth results go in with ONE statement per batch:
 * the batch travels as a single JSON parameter (JSON.stringify is native and PostgreSQL parses
 * JSON fast), record ids are drawn from the sequence up front so auth results can reference them
 * in the same statement, and the foreign key is checked at the end of the statement.
 */

/** $1..$20: the report columns. Returns the new id, or no row when the report is already stored. */
export const insertReportSql = `
INSERT INTO dmarc_reports (
  schema_version, org_name, org_email, extra_contact_info, report_id, date_begin, date_end, errors, generator,
  policy_domain, policy_adkim, policy_aspf, policy_p, policy_sp, policy_np, policy_pct, policy_fo, policy_testing,
  policy_discovery_method, content_sha256
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
ON CONFLICT ON CONSTRAINT dmarc_reports_identity_unique DO NOTHING
RETURNING id`;

export const findReportSql = `
SELECT id, record_count FROM dmarc_reports WHERE org_name = $1 AND report_id = $2 AND policy_domain = $3`;

/** $1 JSON array of records (see record-payload.ts), $2 report id, $3 policy domain, $4 date_begin. */
export const insertRecordBatchSql = `
WITH input AS MATERIALIZED (
  SELECT nextval('dmarc_records_id_seq') AS id, r.*
  FROM json_to_recordset($1::json) AS r(
    source_ip inet, count bigint, disposition text, dkim text, spf text, reasons jsonb,
    header_from text, envelope_from text, envelope_to text, auth json)
), stored_records AS (
  INSERT INTO dmarc_records (
    id, report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, reasons,
    header_from, envelope_from, envelope_to, policy_domain, date_begin)
  SELECT id, $2, source_ip, count, disposition, dkim, spf, reasons, header_from, envelope_from, envelope_to, $3, $4
  FROM input
)
INSERT INTO dmarc_auth_results (record_id, method, domain, selector, scope, result, human_result)
SELECT input.id, a.method, a.domain, a.selector, a.scope, a.result, a.human_result
FROM input CROSS JOIN LATERAL json_to_recordset(input.auth) AS a(
  method text, domain text, selector text, scope text, result text, human_result text)`;

export const finishReportSql = `UPDATE dmarc_reports SET record_count = $2, message_count = $3 WHERE id = $1`;
