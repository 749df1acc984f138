/** The SQL of raw retention: the received file kept once, and which stored report came from it. */

/** $1 sha256, $2 filename, $3 size, $4 compression, $5 content. Returns the id, new or existing. */
export const keepRawFileSql = `
WITH inserted AS (
  INSERT INTO raw_report_files (sha256, filename, size_bytes, compression, content) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT ON CONSTRAINT raw_report_files_sha256_unique DO NOTHING
  RETURNING id
)
SELECT id FROM inserted UNION ALL SELECT id FROM raw_report_files WHERE sha256 = $1 LIMIT 1`;

/** $1 sha256 (when a concurrent transaction inserted the file after keepRawFileSql's snapshot). */
export const findRawFileSql = `SELECT id FROM raw_report_files WHERE sha256 = $1`;

/** $1 report id, $2 raw file id. A report keeps the first file it was read from. */
export const linkRawFileSql = `
INSERT INTO dmarc_report_raw_files (report_id, raw_file_id) VALUES ($1, $2) ON CONFLICT (report_id) DO NOTHING`;
