/** The SQL of failure samples as alert evidence (alert-evidence.ts): the alert_failure_reports table. */

/** $1 failure report id, $2 its source IP: linked to every active alert of that IP. Returns the alert ids. */
export const attachReportSql = `
INSERT INTO alert_failure_reports (alert_id, failure_report_id)
SELECT a.id, $1 FROM alerts a WHERE a.source_ip = $2::inet AND a.state IN ('OPEN', 'ACKNOWLEDGED')
ON CONFLICT DO NOTHING RETURNING alert_id`;

/** $1 alert ids, $2 their source IPs, $3 the earliest arrival that counts for each: their failure samples linked. Returns how many links were made. */
export const attachEarlierReportsSql = `
WITH linked AS (
  INSERT INTO alert_failure_reports (alert_id, failure_report_id)
  SELECT a.id, f.id FROM unnest($1::uuid[], $2::inet[], $3::timestamptz[]) AS a(id, ip, since)
  JOIN failure_reports f ON f.source_ip = a.ip AND f.arrival_date >= a.since
  ON CONFLICT DO NOTHING RETURNING 1
) SELECT count(*) AS n FROM linked`;

/** $1 alert ids: how many failure samples each has (alerts without any are left out). */
export const evidenceCountsSql = 'SELECT alert_id, count(*) AS n FROM alert_failure_reports WHERE alert_id = ANY($1::uuid[]) GROUP BY alert_id';
