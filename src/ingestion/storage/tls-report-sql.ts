/** The SQL of TLS report storage: the report row, then each policy and its failure details. */

/** $1 org, $2 report id, $3 contact, $4 begin, $5 end, $6 policy domains, $7 successful, $8 failed, $9 warnings, $10 hash, $11 raw file. No row when stored already. */
export const insertTlsReportSql = `
INSERT INTO tls_reports (org_name, report_id, contact_info, date_begin, date_end, policy_domains, successful_sessions, failed_sessions, warnings, content_sha256, raw_file_id)
VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::jsonb, $10, $11)
ON CONFLICT ON CONSTRAINT tls_reports_identity_unique DO NOTHING
RETURNING id`;

/** $1 org, $2 report id. */
export const findTlsReportSql = `SELECT id FROM tls_reports WHERE org_name = $1 AND report_id = $2`;

/** $1 report id, $2 type, $3 domain, $4 policy strings, $5 MX hosts, $6 successful, $7 failed, $8 begin, $9 end. */
export const insertTlsPolicySql = `
INSERT INTO tls_report_policies (report_id, policy_type, policy_domain, policy_strings, mx_hosts, successful_sessions, failed_sessions, date_begin, date_end)
VALUES ($1, $2, $3, $4::text[], $5::text[], $6, $7, $8, $9)
RETURNING id`;

/** $1 policy id, $2 the details as a JSON array (one statement per policy, however many details). */
export const insertTlsFailureDetailsSql = `
INSERT INTO tls_failure_details (policy_id, result_type, sending_mta_ip, receiving_ip, receiving_mx_hostname, receiving_mx_helo, failed_sessions,
  additional_information, failure_reason_code)
SELECT $1, x.result_type, x.sending_mta_ip, x.receiving_ip, x.receiving_mx_hostname, x.receiving_mx_helo, x.failed_sessions,
  x.additional_information, x.failure_reason_code
FROM jsonb_to_recordset($2::jsonb) AS x(result_type text, sending_mta_ip inet, receiving_ip inet, receiving_mx_hostname text, receiving_mx_helo text,
  failed_sessions bigint, additional_information text, failure_reason_code text)`;
