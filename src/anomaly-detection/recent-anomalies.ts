import type { EntityManager } from '@mikro-orm/postgresql';
import { placeholders, selectRows } from '../database/raw-sql.js';
import { BadUserInputError } from '../errors/app-error.js';
import type { AnomalyKind, AnomalyView } from './anomaly-views.js';
import { toGeolocation } from './prediction-store.js';
import { num } from './sql.js';

export interface RecentOptions {
  readonly limit?: number;
  /** Stored at or after. */
  readonly since?: Date | null;
  /** Rule signals about this domain, and model anomalies of IPs that sent for it in their window. */
  readonly domain?: string | null;
  /** Only anomalies at least this strong: -score >= minScore (the anomaly score s(x) in [0, 1]). */
  readonly minScore?: number | null;
}

export const MAX_RECENT = 500;

const recentSql = (withSince: boolean, withDomain: boolean, withMinScore: boolean): string => {
  const $ = placeholders();
  return `
SELECT p.kind, p.model_id, host(p.source_ip) AS ip, p.domain, p.score, p.window_start, p.window_end, p.features, p.explanation,
       p.created_at,
       coalesce(CASE WHEN p.domain IS NOT NULL THEN ARRAY[p.domain] END,
                ARRAY(SELECT DISTINCT r.policy_domain FROM dmarc_records r
                      WHERE r.source_ip = p.source_ip AND r.date_begin >= p.window_start AND r.date_begin < p.window_end
                      ORDER BY 1)) AS policy_domains,
       g.country_code, g.country_name, g.city, g.latitude, g.longitude, g.asn, g.as_organization, g.ip IS NOT NULL AS geolocated
FROM ml_predictions p
LEFT JOIN geolocation_cache g ON g.ip = p.source_ip
WHERE p.is_anomaly${withSince ? ` AND p.created_at >= ${$()}::timestamptz` : ''}${
  withDomain
    ? ` AND (p.domain = ${$()} OR (p.domain IS NULL AND EXISTS (SELECT 1 FROM dmarc_records r WHERE r.source_ip = p.source_ip
          AND r.policy_domain = ${$()} AND r.date_begin >= p.window_start AND r.date_begin < p.window_end)))`
    : ''
}${withMinScore ? ` AND -p.score >= ${$()}` : ''}
ORDER BY p.created_at DESC, p.score, p.id DESC
LIMIT ${$()}`;
};

export async function recentAnomalies(em: EntityManager, options: RecentOptions): Promise<AnomalyView[]> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit <= 0 || limit > MAX_RECENT) throw new BadUserInputError(`limit must be between 1 and ${MAX_RECENT}`);
  if (options.minScore != null && !(options.minScore >= 0 && options.minScore <= 1)) {
    throw new BadUserInputError(`minScore must be in [0, 1], got ${options.minScore}`);
  }
  const domain = options.domain ? options.domain.toLowerCase() : null;
  const params: unknown[] = [];
  if (options.since) params.push(options.since.toISOString());
  if (domain) params.push(domain, domain);
  if (options.minScore != null) params.push(options.minScore);
  params.push(limit);
  const rows = await selectRows<Record<string, unknown>>(em, recentSql(Boolean(options.since), Boolean(domain), options.minScore != null), params);
  return rows.map((row) => {
    const explanation = (row.explanation ?? []) as { text?: string }[];
    return {
      kind: row.kind as AnomalyKind,
      modelId: (row.model_id as string | null) ?? null,
      sourceIp: row.ip as string,
      domain: (row.domain as string | null) ?? null,
      policyDomains: (row.policy_domains as string[]) ?? [],
      score: num(row.score),
      windowStart: new Date(row.window_start as string),
      windowEnd: new Date(row.window_end as string),
      features: row.features as Record<string, number>,
      reasons: explanation.map((e) => e.text ?? ''),
      details: explanation,
      geolocation: row.geolocated ? toGeolocation(row) : null,
      detectedAt: new Date(row.created_at as string),
    };
  });
}
