/** The SQL of the quarantine (refused_reports). */

/** $1 sha256, $2 source, $3 source name, $4 code, $5 reason, $6 size, $7 compression, $8 content. Returns the row's id. */
export const keepRefusedSql = `
INSERT INTO refused_reports (sha256, source, source_name, code, reason, size_bytes, compression, content)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT ON CONSTRAINT refused_reports_sha256_unique DO UPDATE SET
  code = excluded.code,
  reason = excluded.reason,
  last_received_at = now(),
  times_received = refused_reports.times_received + 1,
  compression = coalesce(refused_reports.compression, excluded.compression),
  content = coalesce(refused_reports.content, excluded.content)
RETURNING id`;

/** $1 sha256, $2 report ids (json). The file was ingested after all. */
export const markReingestedSql = `
UPDATE refused_reports SET reingested_at = now(), reingested_report_ids = $2::jsonb
WHERE sha256 = $1 AND reingested_at IS NULL`;

const columns = `id, sha256, source, source_name, code, reason, size_bytes, compression, content IS NOT NULL AS content_kept,
  received_at, last_received_at, times_received, reingested_at, reingested_report_ids`;

/** $1 limit, $2 id to start below (newest first). */
export const listRefusedSql = `
SELECT ${columns} FROM refused_reports WHERE id < $2 ORDER BY id DESC LIMIT $1`;

export const countRefusedSql = `SELECT count(*)::int AS count FROM refused_reports`;

/** $1 id. */
export const getRefusedSql = `SELECT ${columns} FROM refused_reports WHERE id = $1`;

/** $1 id. */
export const refusedContentSql = `SELECT source_name, compression, content FROM refused_reports WHERE id = $1`;

/** $1 limit, $2 id to start after (oldest first): the files still waiting for a parser that reads them. */
export const pendingRefusedIdsSql = `
SELECT id FROM refused_reports WHERE reingested_at IS NULL AND content IS NOT NULL AND id > $2 ORDER BY id LIMIT $1`;

/** $1 id, $2 code, $3 reason: a re-ingestion attempt that was refused again. */
export const recordAttemptSql = `UPDATE refused_reports SET code = $2, reason = $3 WHERE id = $1`;
