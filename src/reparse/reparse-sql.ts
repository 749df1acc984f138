/** The SQL of reparse: the kept files that stored reports came from. */

/** Links left by deleted reports (there is no foreign key: see DmarcReportRawFile) are ignored throughout. */
export const countLinkedFilesSql = `
SELECT count(DISTINCT l.raw_file_id)::int AS count FROM dmarc_report_raw_files l JOIN dmarc_reports r ON r.id = l.report_id`;

/** $1 id to start after, $2 limit. */
export const linkedFilesSql = `
SELECT f.id, f.filename, f.compression FROM raw_report_files f
WHERE f.id > $1 AND EXISTS (SELECT 1 FROM dmarc_report_raw_files l JOIN dmarc_reports r ON r.id = l.report_id WHERE l.raw_file_id = f.id)
ORDER BY f.id LIMIT $2`;

/** $1 file id. One file's bytes at a time (each at most RAW_REPORT_MAX_BYTES). */
export const rawFileContentSql = `SELECT content FROM raw_report_files WHERE id = $1`;

/** $1 file id: the stored reports read from it. */
export const linkedReportsSql = `
SELECT r.id, r.org_name, r.report_id, r.policy_domain FROM dmarc_report_raw_files l
JOIN dmarc_reports r ON r.id = l.report_id WHERE l.raw_file_id = $1 ORDER BY r.id`;
