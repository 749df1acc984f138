import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertService } from '../alerts/alert-service.js';
import { alertKey, type AlertCandidate } from '../alerts/raise-alerts.js';
import type { AlertDetectionOutcome } from '../alerts/alert-views.js';
import { selectRows } from '../database/raw-sql.js';
import { tlsWindowSql } from './tls-report-sql.js';

/** When a domain's TLS sessions raise a TLS_FAILURES alert (TLS_FAILURE_ALERT_* settings). */
export interface TlsAlertSettings {
  /** Failed sessions over all sessions above which the domain is alerted, in (0, 1). */
  readonly failureShare: number;
  /** Days of reports (by their period) the share is counted over, ending now. */
  readonly windowDays: number;
  /** Sessions the window must hold before a share means anything (3 of 5 failing is not a trend). */
  readonly minSessions: number;
}

const DAY_MS = 86_400_000;
export const TLS_FAILURES = 'TLS_FAILURES';

interface WindowRow {
  domain: string;
  successful: string;
  failed: string;
  first_seen: Date | string;
  last_seen: Date | string;
  result_types: Record<string, string | number>;
}

/**
 * After TLS reports arrive: for each of their policy domains, the share of failed sessions over the
 * window of reports overlapping the last `windowDays` days. Above the threshold (with at least
 * `minSessions` sessions) a TLS_FAILURES alert is raised, or the open one refreshed, through the
 * alert pipeline (deduplication, cooldown, suppression rules, live subscriptions, webhooks), with
 * the failed sessions per result type as its evidence.
 */
export class TlsFailureAlerts {
  constructor(
    private readonly em: EntityManager,
    private readonly alerts: Pick<AlertService, 'raise'>,
    private readonly settings: TlsAlertSettings,
  ) {}

  async check(domains: readonly string[], now = new Date()): Promise<AlertDetectionOutcome> {
    const candidates = await this.candidates(domains, now);
    return this.alerts.raise(candidates, now);
  }

  /** The domains over the threshold, as alert candidates. */
  async candidates(domains: readonly string[], now = new Date()): Promise<AlertCandidate[]> {
    if (domains.length === 0) return [];
    const { failureShare, windowDays, minSessions } = this.settings;
    const windowStart = new Date(now.getTime() - windowDays * DAY_MS);
    const rows = await selectRows<WindowRow>(this.em.fork(), tlsWindowSql, [[...new Set(domains)], windowStart, now]);
    const candidates: AlertCandidate[] = [];
    for (const row of rows) {
      const failed = Number(row.failed);
      const sessions = Number(row.successful) + failed;
      const share = sessions === 0 ? 0 : failed / sessions;
      if (sessions < minSessions || share <= failureShare) continue;
      const types = Object.entries(row.result_types).map(([type, count]) => [type, Number(count)] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      candidates.push({
        key: alertKey(null, TLS_FAILURES, row.domain),
        kind: TLS_FAILURES,
        sourceIp: null,
        dedupDomain: row.domain,
        domains: [row.domain],
        score: Math.min(1, share),
        reasons: [
          `${percent(share)} of ${sessions.toLocaleString('en')} TLS sessions to ${row.domain} failed in the last ${windowDays} days (alert above ${percent(failureShare)})`,
          ...(types.length === 0 ? [] : [`failed by result type: ${types.map(([type, count]) => `${type} ${count.toLocaleString('en')}`).join(', ')}`]),
        ],
        evidence: { sessions, failedSessions: failed, failureShare: share, ...Object.fromEntries(types) },
        modelId: null,
        windowStart,
        windowEnd: now,
        geolocation: null,
        seen: { firstSeenAt: new Date(row.first_seen), lastSeenAt: new Date(row.last_seen), messages: failed },
      });
    }
    return candidates;
  }
}

function percent(share: number): string {
  return `${(100 * share).toFixed(share < 0.1 ? 1 : 0)} %`;
}
