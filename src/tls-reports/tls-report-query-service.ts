import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { requireIntegerBetween } from '../validation/arguments.js';
import {
  policiesOfReportSql, tlsByDomainSql, tlsDailySql, tlsFailureTypesSql, tlsReportByIdSql, tlsReportCountSql, tlsReportPageSql, tlsReportWhere,
  type TlsReportRow,
} from './tls-report-sql.js';
import type { TlsDomainView, TlsPolicyView, TlsReportFilter, TlsReportView, TlsSummaryView } from './tls-report-views.js';

const MAX_TLS_REPORT_PAGE = 100;
const MAX_TLS_SUMMARY_DAYS = 3_660;
const TOP_FAILURE_TYPES = 10;
const MAX_DOMAINS = 200;
const DAY_MS = 86_400_000;

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
/** Position in the list, newest first by start, then by id. */
const tlsReportCursor = cursorCodec<{ begin: Date; id: number }>({ begin: cursorField.timestamp, id: cursorField.integer });
const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Reads stored SMTP TLS reports for the API. `em` is the root EntityManager: every method works on a fork of its own. */
export class TlsReportQueryService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first (by start date, then id), keyset-paginated. */
  async list(request: PageRequest, filter: TlsReportFilter = {}): Promise<Page<TlsReportView>> {
    const first = pageSize(request, MAX_TLS_REPORT_PAGE);
    if (filter.from && filter.to && filter.from >= filter.to) throw new BadUserInputError('from must be before to');
    if (filter.sourceIp && isIP(filter.sourceIp) === 0) throw new BadUserInputError(`sourceIp "${filter.sourceIp}" is not an IP address`);
    const params: unknown[] = [];
    const condition = tlsReportWhere(filter, params);
    const after = request.after ? tlsReportCursor.decode(request.after) : undefined;
    const pageParams = [...params, ...(after ? [after.begin, after.id] : []), first + 1];
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      selectRows<TlsReportRow>(em, tlsReportPageSql(condition, params.length, after !== undefined), pageParams),
      selectRows<{ n: string }>(em, tlsReportCountSql(condition), params),
    ]);
    const cursorOf = (row: TlsReportRow) => tlsReportCursor.encode({ begin: date(row.date_begin), id: Number(row.id) });
    return pageOf(rows, first, Number(count?.n ?? 0), cursorOf, toTlsReportView);
  }

  async get(id: string): Promise<TlsReportView> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new BadUserInputError(`invalid TLS report id "${id}"`);
    const [row] = await selectRows<TlsReportRow>(this.em.fork(), tlsReportByIdSql, [Number(id)]);
    if (row === undefined) throw new NotFoundError(`TLS report ${id} not found`);
    return toTlsReportView(row);
  }

  /** A report's policies in stored order, each with its failure details. */
  async policies(reportId: number): Promise<TlsPolicyView[]> {
    const rows = await selectRows<{
      id: string; policy_type: string; policy_domain: string; policy_strings: string[]; mx_hosts: string[]; successful_sessions: string;
      failed_sessions: string; failure_details: (Omit<TlsPolicyView['failureDetails'][number], 'failedSessions'> & { failedSessions: number | string })[];
    }>(this.em.fork(), policiesOfReportSql, [reportId]);
    return rows.map((row) => ({
      id: Number(row.id),
      policyType: row.policy_type,
      policyDomain: row.policy_domain,
      policyStrings: row.policy_strings,
      mxHosts: row.mx_hosts,
      successfulSessions: Number(row.successful_sessions),
      failedSessions: Number(row.failed_sessions),
      failureDetails: row.failure_details.map((detail) => ({ ...detail, failedSessions: Number(detail.failedSessions) })),
    }));
  }

  /**
   * A domain's TLS over the last `days` UTC days including today (by report start): the success
   * rate per day and the result types that failed most. `now` is a parameter so the window is testable.
   */
  async summary(options: { domain: string; days: number }, now = new Date()): Promise<TlsSummaryView> {
    const { from, to } = window(options.days, now);
    const domain = options.domain.trim().toLowerCase();
    if (domain === '') throw new BadUserInputError('domain must not be empty');
    const em = this.em.fork();
    const [days, types] = await Promise.all([
      selectRows<{ date: string; successful: string; failed: string; reports: string }>(em, tlsDailySql, [domain, from, to]),
      selectRows<{ result_type: string; failed: string }>(em, tlsFailureTypesSql, [domain, from, to, TOP_FAILURE_TYPES]),
    ]);
    const daily = days.map((row) => {
      const successfulSessions = Number(row.successful);
      const failedSessions = Number(row.failed);
      return { date: row.date, successfulSessions, failedSessions, successRate: rate(successfulSessions, successfulSessions + failedSessions) };
    });
    const successfulSessions = daily.reduce((sum, day) => sum + day.successfulSessions, 0);
    const failedSessions = daily.reduce((sum, day) => sum + day.failedSessions, 0);
    const typedFailures = types.reduce((sum, row) => sum + Number(row.failed), 0);
    return {
      domain, days: options.days, from, to,
      reports: days.reduce((sum, row) => sum + Number(row.reports), 0),
      successfulSessions, failedSessions,
      successRate: rate(successfulSessions, successfulSessions + failedSessions),
      daily,
      // Shares of the failed sessions the reporters explained (a report may count failures without details).
      topFailureTypes: types.map((row) => ({ resultType: row.result_type, failedSessions: Number(row.failed), share: rate(Number(row.failed), typedFailures) ?? 0 })),
    };
  }

  /** Every policy domain with TLS reports in the last `days` UTC days: sessions, success rate, most frequent failure. */
  async byDomain(options: { days: number }, now = new Date()): Promise<TlsDomainView[]> {
    const { from, to } = window(options.days, now);
    const rows = await selectRows<{ domain: string; reports: string; successful: string; failed: string; top_failure_type: string | null }>(
      this.em.fork(), tlsByDomainSql, [from, to, MAX_DOMAINS],
    );
    return rows.map((row) => {
      const successfulSessions = Number(row.successful);
      const failedSessions = Number(row.failed);
      return {
        domain: row.domain,
        reports: Number(row.reports),
        successfulSessions,
        failedSessions,
        successRate: rate(successfulSessions, successfulSessions + failedSessions),
        topFailureType: row.top_failure_type,
      };
    });
  }
}

function window(days: number, now: Date): { from: Date; to: Date } {
  requireIntegerBetween('days', days, 1, MAX_TLS_SUMMARY_DAYS);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS), to: new Date(today + DAY_MS) };
}

export function toTlsReportView(row: TlsReportRow): TlsReportView {
  return {
    id: Number(row.id),
    orgName: row.org_name,
    reportId: row.report_id,
    contactInfo: row.contact_info,
    dateBegin: date(row.date_begin),
    dateEnd: date(row.date_end),
    policyDomains: row.policy_domains,
    successfulSessions: Number(row.successful_sessions),
    failedSessions: Number(row.failed_sessions),
    warnings: row.warnings,
    receivedAt: date(row.received_at),
  };
}
