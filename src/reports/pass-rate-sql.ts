/**
 * Messages and aligned passes per UTC day over a window, every day present (zero when no report
 * covers it). DMARC passes when the aligned DKIM or the aligned SPF result passes (RFC 7489 §6.6.2);
 * each record weighs its message count. Days are the reports' start dates, as stored on each record.
 * Parameters: first day, last day (YYYY-MM-DD), window start, window end, then the domain if any.
 */
export function dailyPassRatesSql(withDomain: boolean): string {
  return `
WITH days AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
totals AS (
  SELECT (date_begin AT TIME ZONE 'UTC')::date AS day,
         sum(count) AS messages,
         sum(count) FILTER (WHERE dkim_aligned = 'pass' OR spf_aligned = 'pass') AS dmarc_pass,
         sum(count) FILTER (WHERE spf_aligned = 'pass') AS spf_pass,
         sum(count) FILTER (WHERE dkim_aligned = 'pass') AS dkim_pass
  FROM dmarc_records
  WHERE date_begin >= $3::timestamptz AND date_begin < $4::timestamptz${withDomain ? ' AND policy_domain = $5' : ''}
  GROUP BY 1
)
SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
       coalesce(totals.messages, 0) AS messages, coalesce(totals.dmarc_pass, 0) AS dmarc_pass,
       coalesce(totals.spf_pass, 0) AS spf_pass, coalesce(totals.dkim_pass, 0) AS dkim_pass
FROM days LEFT JOIN totals USING (day)
ORDER BY days.day`;
}

export interface DailyPassRow {
  readonly date: string;
  readonly messages: string | number;
  readonly dmarc_pass: string | number;
  readonly spf_pass: string | number;
  readonly dkim_pass: string | number;
}
