import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError } from '../errors/app-error.js';
import { fromCacheRow, type GeoCacheRow } from '../geolocation/cache/geo-cache-rows.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { anomalyCountSql, anomalyPageSql } from './anomaly-list-sql.js';
import type { AnomalyKind, AnomalyView } from './anomaly-views.js';
import { num } from './day-windows.js';

export interface AnomalyFilter {
  /** Stored at or after. */
  readonly since?: Date | null;
  /** Rule signals about this domain, and model anomalies of IPs that sent for it in their window. */
  readonly domain?: string | null;
  /** Only anomalies at least this strong: -score >= minScore (the anomaly score s(x) in [0, 1]). */
  readonly minScore?: number | null;
  /** Only these kinds; empty or absent = all. */
  readonly kinds?: readonly AnomalyKind[] | null;
}

export const MAX_ANOMALY_PAGE = 500;

/**
 * Keyset position: the order is newest first, then most anomalous (lowest score), then id.
 * created_at to the microsecond as PostgreSQL keeps it (a JS Date would drop them).
 */
const anomalyCursor = cursorCodec<{ createdAt: string; score: number; id: string }>({
  createdAt: cursorField.exactTimestamp,
  score: cursorField.number,
  id: cursorField.bigintText,
});

type AnomalyRow = Record<string, unknown> & { id: string; created_at_exact: string; source_ip: string; ip: string | null };

function toAnomalyView(row: AnomalyRow): AnomalyView {
  const explanation = (row.explanation ?? []) as { text?: string }[];
  return {
    kind: row.kind as AnomalyKind,
    modelId: (row.model_id as string | null) ?? null,
    sourceIp: row.source_ip,
    domain: (row.domain as string | null) ?? null,
    policyDomains: (row.policy_domains as string[]) ?? [],
    score: num(row.score),
    windowStart: new Date(row.window_start as string),
    windowEnd: new Date(row.window_end as string),
    features: row.features as Record<string, number>,
    reasons: explanation.map((e) => e.text ?? ''),
    details: explanation,
    geolocation: row.ip === null ? null : { ...fromCacheRow(row.source_ip, row as unknown as GeoCacheRow), fromCache: true },
    detectedAt: new Date(row.created_at as string),
  };
}

/** Stored anomalies and rule signals, newest first, keyset-paginated. */
export async function listAnomalies(em: EntityManager, filter: AnomalyFilter, page: PageRequest): Promise<Page<AnomalyView>> {
  const first = pageSize(page, MAX_ANOMALY_PAGE);
  if (filter.minScore != null && !(filter.minScore >= 0 && filter.minScore <= 1)) {
    throw new BadUserInputError(`minScore must be in [0, 1], got ${filter.minScore}`);
  }
  const after = page.after ? anomalyCursor.decode(page.after) : undefined;
  const pageQuery = anomalyPageSql(filter, after, first);
  const countQuery = anomalyCountSql(filter);
  const [rows, [total]] = await Promise.all([
    selectRows<AnomalyRow>(em, pageQuery.sql, pageQuery.params),
    selectRows<{ count: number }>(em, countQuery.sql, countQuery.params),
  ]);
  return pageOf(rows, first, total?.count ?? 0, (row) => anomalyCursor.encode({ createdAt: row.created_at_exact, score: num(row.score), id: row.id }), toAnomalyView);
}
