import { isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { CachedGeoLocation } from '../geolocation/cache/cached-geo-location.js';
import type { Logger } from '../logging/logger.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';
import { toFailureReportView } from './failure-report-mapping.js';
import {
  alertEvidenceSql, failureReportByIdSql, failureReportCountSql, failureReportPageSql, failureReportWhere, type FailureReportRow,
} from './failure-report-sql.js';
import type { FailureReportFilter, FailureReportView } from './failure-report-views.js';

const MAX_FAILURE_REPORT_PAGE = 100;

/** Geolocation of many addresses at once (the geolocation cache: CachedGeoLookup). */
export interface GeoLookupMany {
  lookupMany(ips: readonly string[]): Promise<CachedGeoLocation[]>;
}

/** Position in the list, newest first by arrival, then by id. */
const failureReportCursor = cursorCodec<{ arrivalDate: Date; id: number }>({ arrivalDate: cursorField.timestamp, id: cursorField.integer });

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

  list(page: PageRequest, filter: FailureReportFilter = {}): Promise<Page<FailureReportView>> {
    if (filter.from && filter.to && filter.from >= filter.to) throw new BadUserInputError('from must be before to');
    if (filter.sourceIp && isIP(filter.sourceIp) === 0) throw new BadUserInputError(`sourceIp "${filter.sourceIp}" is not an IP address`);
    return this.page(page, (params) => failureReportWhere(filter, params));
  }

  /** The failure samples kept as an alert's evidence (none for an unknown alert). */
  forAlert(alertId: string, page: PageRequest): Promise<Page<FailureReportView>> {
    if (!isUuid(alertId)) return this.page(page, () => 'false');
    return this.page(page, (params) => {
      params.push(alertId);
      return alertEvidenceSql(`$${params.length}`);
    });
  }

  async get(id: string): Promise<FailureReportView> {
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new BadUserInputError(`invalid failure report id "${id}"`);
    const [row] = await selectRows<FailureReportRow>(this.em.fork(), failureReportByIdSql, [Number(id)]);
    if (row === undefined) throw new NotFoundError(`failure report ${id} not found`);
    const [geolocation] = await this.locate([row]);
    return toFailureReportView(row, geolocation ?? null);
  }

  private async page(request: PageRequest, where: (params: unknown[]) => string): Promise<Page<FailureReportView>> {
    const first = pageSize(request, MAX_FAILURE_REPORT_PAGE);
    const params: unknown[] = [];
    const condition = where(params);
    const after = request.after ? failureReportCursor.decode(request.after) : undefined;
    const pageParams = [...params, ...(after ? [after.arrivalDate, after.id] : []), first + 1];
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      selectRows<FailureReportRow>(em, failureReportPageSql(condition, params.length, after !== undefined), pageParams),
      selectRows<{ n: string }>(em, failureReportCountSql(condition), params),
    ]);
    const shown = rows.slice(0, first);
    const locations = await this.locate(shown);
    const byRow = new Map(shown.map((row, i) => [row, locations[i] ?? null]));
    return pageOf(rows, first, Number(count?.n ?? 0), cursorOf, (row) => toFailureReportView(row, byRow.get(row) ?? null));
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

/** A row's cursor: its arrival date and id. */
function cursorOf(row: FailureReportRow): string {
  return failureReportCursor.encode({ arrivalDate: new Date(row.arrival_date), id: Number(row.id) });
}
