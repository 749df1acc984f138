import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import { BadUserInputError } from '../errors/app-error.js';
import { requireIpArgument } from '../validation/ip-arguments.js';
import type { AlertState } from './alert-views.js';

/** The alerts a query or a bulk change is about; absent parts match everything. */
export interface AlertFilter {
  readonly states?: readonly AlertState[] | null;
  readonly kinds?: readonly AnomalyKind[] | null;
  /** Any of the alert's domains. */
  readonly domains?: readonly string[] | null;
  readonly countries?: readonly string[] | null;
  /** Severity in [0, 1]. */
  readonly minScore?: number | null;
  /** Raised at or after. */
  readonly since?: Date | null;
  /** Raised before. */
  readonly until?: Date | null;
  readonly sourceIp?: string | null;
}

/** The SQL condition on alias `a` for `filter`; parameters are appended to `params` and numbered from there. */
export function alertWhere(filter: AlertFilter | null | undefined, params: unknown[]): string {
  const conditions: string[] = ['true'];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!filter) return conditions.join(' AND ');
  if (filter.minScore != null && !(filter.minScore >= 0 && filter.minScore <= 1)) throw new BadUserInputError(`minScore must be in [0, 1], got ${filter.minScore}`);
  if (filter.since && filter.until && filter.since > filter.until) throw new BadUserInputError('since must not be after until');
  // Given but empty is a mistake, not "any address": a bulk change must not widen to every alert.
  const sourceIp = filter.sourceIp != null ? requireIpArgument('sourceIp', filter.sourceIp) : null;
  if (filter.states?.length) conditions.push(`a.state = ANY(${param(filter.states)}::text[])`);
  if (filter.kinds?.length) conditions.push(`a.kind = ANY(${param(filter.kinds)}::text[])`);
  if (filter.domains?.length) conditions.push(`a.domains && ${param(filter.domains.map((d) => d.toLowerCase()))}::text[]`);
  if (filter.countries?.length) conditions.push(`a.country_code = ANY(${param(filter.countries.map((c) => c.toUpperCase()))}::text[])`);
  if (filter.minScore != null) conditions.push(`a.score >= ${param(filter.minScore)}`);
  if (filter.since) conditions.push(`a.created_at >= ${param(filter.since)}`);
  if (filter.until) conditions.push(`a.created_at < ${param(filter.until)}`);
  if (sourceIp) conditions.push(`a.source_ip = ${param(sourceIp)}::inet`);
  return conditions.join(' AND ');
}
