/** The SQL of the mailbox status and of failed message attempts (mailbox-status-store.ts). */

/** $1 mailbox, $2 started, $3 finished, $4 messages, $5 reports stored, $6 refused, $7 error (or null), $8 poisoned: one pass, added to the totals. */
export const recordPassSql = `
INSERT INTO mailbox_status (mailbox, last_pass_started_at, last_pass_finished_at, last_pass_messages, last_pass_reports,
  last_pass_refused, messages_seen, reports_stored, messages_refused, messages_poisoned, last_error, last_error_at)
VALUES ($1, $2, $3, $4::int, $5::int, $6::int, $4::int, $5::int, $6::int, $8::int, $7::text, CASE WHEN $7::text IS NULL THEN NULL ELSE $3::timestamptz END)
ON CONFLICT (mailbox) DO UPDATE SET
  last_pass_started_at = excluded.last_pass_started_at,
  last_pass_finished_at = excluded.last_pass_finished_at,
  last_pass_messages = excluded.last_pass_messages,
  last_pass_reports = excluded.last_pass_reports,
  last_pass_refused = excluded.last_pass_refused,
  messages_seen = mailbox_status.messages_seen + excluded.messages_seen,
  reports_stored = mailbox_status.reports_stored + excluded.reports_stored,
  messages_refused = mailbox_status.messages_refused + excluded.messages_refused,
  messages_poisoned = mailbox_status.messages_poisoned + excluded.messages_poisoned,
  last_error = coalesce(excluded.last_error, mailbox_status.last_error),
  last_error_at = coalesce(excluded.last_error_at, mailbox_status.last_error_at)`;

/** $1 mailbox, $2 error: a pass that could not start. */
export const recordErrorSql = `
INSERT INTO mailbox_status (mailbox, last_error, last_error_at) VALUES ($1, $2, now())
ON CONFLICT (mailbox) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`;

/** $1 mailbox: its status, with the messages still failing. */
export const readStatusSql = `
SELECT s.*, (SELECT count(*)::int FROM mailbox_message_attempts a WHERE a.mailbox = s.mailbox) AS failing_messages
FROM mailbox_status s WHERE s.mailbox = $1`;

/** $1 mailbox, $2 UIDVALIDITY, $3 UID, $4 Message-ID, $5 error. Returns the attempts so far. */
export const recordFailedAttemptSql = `
INSERT INTO mailbox_message_attempts (mailbox, uid_validity, uid, message_id, attempts, last_error) VALUES ($1, $2, $3, $4, 1, $5)
ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET
  attempts = mailbox_message_attempts.attempts + 1, last_error = excluded.last_error, last_failed_at = now()
RETURNING attempts`;

/** $1 mailbox, $2 UIDVALIDITY, $3 UIDs (bigint[]): messages that left the mailbox. */
export const forgetAttemptsSql = `DELETE FROM mailbox_message_attempts WHERE mailbox = $1 AND uid_validity = $2 AND uid = ANY($3::bigint[])`;
