import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertView } from '../alerts/alert-views.js';
import { selectRows } from '../database/raw-sql.js';
import { attachEarlierReportsSql, attachReportSql, evidenceCountsSql } from './alert-evidence-sql.js';

/** Failure samples that arrived this long before an alert's first traffic still count as its evidence (reports and samples are dated apart). */
const LOOKBACK_MS = 86_400_000;

/**
 * Failure samples as alert evidence ("here is what they sent"): a sample from a source IP that
 * has an open (or acknowledged) alert is linked to that alert, whichever arrives first.
 */
export class AlertEvidence {
  constructor(private readonly em: EntityManager) {}

  /** A new failure report: linked to every active alert of its source IP. Returns the alert ids. */
  async attachReport(failureReportId: number, sourceIp: string | null): Promise<string[]> {
    if (sourceIp === null) return [];
    const rows = await selectRows<{ alert_id: string }>(this.em.fork(), attachReportSql, [failureReportId, sourceIp]);
    return rows.map((row) => row.alert_id);
  }

  /** New alerts: the failure samples their source IPs sent since (a day before) their first traffic. Returns how many links were made. */
  async attachEarlierReports(alerts: readonly Pick<AlertView, 'id' | 'sourceIp' | 'firstSeenAt'>[]): Promise<number> {
    const senders = alerts.filter((alert) => alert.sourceIp !== null);
    if (senders.length === 0) return 0;
    const rows = await selectRows<{ n: string }>(
      this.em.fork(),
      attachEarlierReportsSql,
      [senders.map((a) => a.id), senders.map((a) => a.sourceIp), senders.map((a) => new Date(a.firstSeenAt.getTime() - LOOKBACK_MS))],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** How many failure samples each alert has (alerts without any are left out). */
  async counts(alertIds: readonly string[]): Promise<Map<string, number>> {
    if (alertIds.length === 0) return new Map();
    const rows = await selectRows<{ alert_id: string; n: string }>(this.em.fork(), evidenceCountsSql, [alertIds]);
    return new Map(rows.map((row) => [row.alert_id, Number(row.n)]));
  }
}
