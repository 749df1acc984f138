/** The SQL of loading generated traffic (traffic-loader.ts): one array parameter per column. */

/** $1 org names, $2 report ids, $3 starts, $4 ends, $5 policy domains, $6 policies, $7 record counts, $8 message counts. */
export const insertReportsSql = `
INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p, record_count, message_count)
SELECT '1.0', * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::int[], $8::bigint[])
RETURNING id, report_id`;

/** $1 report ids (as stored), then one array per record column, in the order of the INSERT. */
export const insertRecordsSql = `
INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, envelope_from, policy_domain, date_begin)
SELECT * FROM unnest($1::bigint[], $2::inet[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])`;
