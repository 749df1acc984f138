import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { DmarcRecord } from '../../entities/dmarc-record.entity.js';
import { DmarcReport } from '../../entities/dmarc-report.entity.js';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import { dailyPassRatesSql, type DailyPassRow } from './pass-rate-sql.js';
import { toRecordView, toReportView } from './report-mapping.js';
import type { PassRateSummary, RecordView, ReportView } from './report-views.js';
import { cursorCodec, cursorField, descendingAfter } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page } from '../pagination/page.js';
import { requireIntegerBetween } from '../validation/arguments.js';

export interface ReportFilter {
  /** Policy domain, exact (case-insensitive). */
  readonly domain?: string | null;
  /** Reporter organization name, exact (case-insensitive). */
  readonly reporter?: string | null;
  /** Reports starting at or after. */
  readonly from?: Date | null;
  /** Reports starting before. */
  readonly to?: Date | null;
}

const MAX_PAGE_SIZE = 100;
const MAX_RECORDS_PAGE = 5_000;
const MAX_SUMMARY_DAYS = 3_660;
const DAY_MS = 86_400_000;

/** Position in the report list, ordered by start date then id, both descending. */
const reportCursor = cursorCodec<{ dateBegin: Date; id: number }>({ dateBegin: cursorField.timestamp, id: cursorField.integer });

/** Reads stored reports for the API. `em` is the root EntityManager: every method works on a fork of its own. */
export class ReportQueryService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first (by start date, then id), Relay-style keyset pagination. */
  async list(page: { first: number; after?: string | null }, filter: ReportFilter = {}): Promise<Page<ReportView>> {
    const first = pageSize(page, MAX_PAGE_SIZE);
    const em = this.em.fork();
    const where = reportWhere(filter);
    const after = page.after ? reportCursor.decode(page.after) : undefined;
    const pageWhere: FilterQuery<DmarcReport> = after ? { $and: [where, descendingAfter(after)] } : where;
    const [rows, totalCount] = await Promise.all([
      em.find(DmarcReport, pageWhere, { orderBy: [{ dateBegin: 'desc' }, { id: 'desc' }], limit: first + 1 }),
      em.count(DmarcReport, where),
    ]);
    return pageOf(rows, first, totalCount, reportCursor.encode, toReportView);
  }

  async get(id: string): Promise<ReportView> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new BadUserInputError(`invalid report id "${id}"`);
    const report = await this.em.fork().findOne(DmarcReport, { id: Number(id) });
    if (report === null) throw new NotFoundError(`report ${id} not found`);
    return toReportView(report);
  }

  /** A report's records in stored order, with their DKIM and SPF results. */
  async records(reportId: number, page: { first: number; offset: number }): Promise<RecordView[]> {
    requireIntegerBetween('first', page.first, 1, MAX_RECORDS_PAGE);
    if (!Number.isInteger(page.offset) || page.offset < 0) throw new BadUserInputError('offset must not be negative');
    const records = await this.em.fork().find(DmarcRecord, { report: reportId }, {
      orderBy: { id: 'asc' },
      limit: page.first,
      offset: page.offset,
    });
    return records.map(toRecordView);
  }

  /**
   * Messages and pass rates over the last `days` UTC days including today (by report start date).
   * `now` is a parameter so the window is testable.
   */
  async passRates(options: { days: number; domain?: string | null }, now = new Date()): Promise<PassRateSummary> {
    requireIntegerBetween('days', options.days, 1, MAX_SUMMARY_DAYS);
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const from = new Date(today - (options.days - 1) * DAY_MS);
    const to = new Date(today + DAY_MS);
    const domain = options.domain ? options.domain.toLowerCase() : null;
    const params = [isoDay(from), isoDay(new Date(today)), from.toISOString(), to.toISOString(), ...(domain ? [domain] : [])];
    const rows = await selectRows<DailyPassRow>(this.em.fork(), dailyPassRatesSql(domain !== null), params);
    const daily = rows.map((row) => ({
      date: row.date,
      messages: Number(row.messages),
      dmarcPass: Number(row.dmarc_pass),
      passRate: rate(Number(row.dmarc_pass), Number(row.messages)),
    }));
    const sum = (key: keyof DailyPassRow) => rows.reduce((total, row) => total + Number(row[key]), 0);
    const totalMessages = sum('messages');
    const [dmarcPass, spfPass, dkimPass] = [sum('dmarc_pass'), sum('spf_pass'), sum('dkim_pass')];
    return {
      from, to, domain, totalMessages, dmarcPass, spfPass, dkimPass,
      dmarcPassRate: rate(dmarcPass, totalMessages),
      spfPassRate: rate(spfPass, totalMessages),
      dkimPassRate: rate(dkimPass, totalMessages),
      daily,
    };
  }
}

function reportWhere(filter: ReportFilter): FilterQuery<DmarcReport> {
  if (filter.from && filter.to && filter.from >= filter.to) throw new BadUserInputError('from must be before to');
  return {
    ...(filter.domain ? { policyDomain: filter.domain.toLowerCase() } : {}),
    ...(filter.reporter ? { orgName: { $ilike: escapeLike(filter.reporter) } } : {}),
    ...(filter.from || filter.to ? { dateBegin: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) } } : {}),
  };
}

/** `$ilike` for a case-insensitive exact match: the pattern's own wildcards are escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
