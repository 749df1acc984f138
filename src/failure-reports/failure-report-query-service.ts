import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../database/keyset-cursor.js';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { CachedGeoLocation } from '../geolocation/cache/cached-geo-location.js';
import type { Logger } from '../logging/logger.js';
import { decodeCursor, encodeCursor, pageOf, pageSize, type PageRequest } from '../pagination/page.js';
import { toFailureReportView } from './failure-report-mapping.js';
import { FAILURE_REPORT_COLUMNS, failureReportWhere, type FailureReportRow } from './failure-report-sql.js';
import type { FailureReportFilter, FailureReportPage, FailureReportView } from './failure-report-views.js';

export const MAX_FAILURE_REPORT_PAGE = 100;

/** Geolocation of many addresses at once (the geolocation cache: CachedGeoLookup). */
export interface GeoLookupMany {
  lookupMany(ips: readonly string[]): Promise<CachedGeoLocation[]>;
}

interface Cursor {
  readonly arrivalDate: Date;
  readonly id: number;
}

/**
 * Reads stored failure reports for the API: newest first (by arrival), keyset-paginated, each
 * with its source's location from the geolocation cache (one lookup per page). `em` is the root
 * EntityManager: every method works on a fork of its own.
 */
export class FailureReportQueryService {
  constructor(
    private readonly em: EntityManager,
    private readonly geo: GeoLookupMany,
    private readonly logger: Logger,
  ) {}

  list(page: PageRequest, filter: FailureReportFilter = {}): Promise<FailureReportPage> {
    if (filter.from && filter.to && filter.from >= filter.to) throw new BadUserInputError('from must be before to');
    if (filter.sourceIp && isIP(filter.sourceIp) === 0) throw new BadUserInputError(`sourceIp "${filter.sourceIp}" is not an IP address`);
    return this.page(page, (params) => failureReportWhere(filter, params));
  }

  /** The failure samples kept as an alert's evidence (none for an unknown alert). */
  forAlert(alertId: string, page: PageRequest): Promise<FailureReportPage> {
    if (!isUuid(alertId)) return this.page(page, () => 'false');
    return this.page(page, (params) => {
      params.push(alertId);
      return `f.id IN (SELECT e.failure_report_id FROM alert_failure_reports e WHERE e.alert_id = $${params.length}::uuid)`;
    });
  }

  async get(id: string): Promise<FailureReportView> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new BadUserInputError(`invalid failure report id "${id}"`);
    const [row] = await selectRows<FailureReportRow>(this.em.fork(), `SELECT ${FAILURE_REPORT_COLUMNS} FROM failure_reports f WHERE f.id = $1`, [Number(id)]);
    if (row === undefined) throw new NotFoundError(`failure report ${id} not found`);
    const [geolocation] = await this.locate([row]);
    return toFailureReportView(row, geolocation ?? null);
  }

  private async page(request: PageRequest, where: (params: unknown[]) => string): Promise<FailureReportPage> {
    const first = pageSize(request, MAX_FAILURE_REPORT_PAGE);
    const params: unknown[] = [];
    const condition = where(params);
    const countParams = [...params];
    let keyset = '';
    if (request.after) {
      const cursor = decodeFailureReportCursor(request.after);
      params.push(cursor.arrivalDate, cursor.id);
      keyset = ` AND (f.arrival_date, f.id) < ($${params.length - 1}, $${params.length})`;
    }
    params.push(first + 1);
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      selectRows<FailureReportRow>(em, `SELECT ${FAILURE_REPORT_COLUMNS} FROM failure_reports f WHERE ${condition}${keyset} ORDER BY f.arrival_date DESC, f.id DESC LIMIT $${params.length}`, params),
      selectRows<{ n: string }>(em, `SELECT count(*) AS n FROM failure_reports f WHERE ${condition}`, countParams),
    ]);
    const shown = rows.slice(0, first);
    const locations = await this.locate(shown);
    const byRow = new Map(shown.map((row, i) => [row, locations[i] ?? null]));
    return pageOf(rows, first, Number(count?.n ?? 0), encodeFailureReportCursor, (row) => toFailureReportView(row, byRow.get(row) ?? null));
  }

  /** The location of each row's source IP, in row order; nulls when GeoIP is unavailable (the reports still show). */
  private async locate(rows: readonly FailureReportRow[]): Promise<(CachedGeoLocation | null)[]> {
    const ips = [...new Set(rows.flatMap((row) => (row.source_ip === null ? [] : [row.source_ip])))];
    if (ips.length === 0) return rows.map(() => null);
    try {
      const found = new Map((await this.geo.lookupMany(ips)).map((location, i) => [ips[i]!, location]));
      return rows.map((row) => (row.source_ip === null ? null : (found.get(row.source_ip) ?? null)));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not geolocate failure report sources');
      return rows.map(() => null);
    }
  }
}

function encodeFailureReportCursor(row: FailureReportRow): string {
  return encodeCursor([new Date(row.arrival_date).toISOString(), Number(row.id)]);
}

function decodeFailureReportCursor(text: string): Cursor {
  return decodeCursor(text, ([time, id, ...rest]) => {
    if (rest.length > 0 || typeof time !== 'string' || !Number.isSafeInteger(id)) return undefined;
    const arrivalDate = new Date(time);
    return Number.isNaN(arrivalDate.getTime()) ? undefined : { arrivalDate, id: id as number };
  });
}
