import { graphql, GraphQLRequestError, OPEN_ALERTS, RECENT_ANOMALIES } from './queries.js';

/** An alert as the map shows it (the fields of queries.ts's MapAlert fragment). */
export interface MapAlert {
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  /** Severity in [0, 1]: higher is more anomalous. */
  readonly score: number;
  readonly sourceIp: string;
  readonly domains: readonly string[];
  readonly countryCode: string | null;
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly reasons: readonly string[];
  readonly messageCount: number;
  readonly lastSeenAt: string;
}

interface AnomalyRow {
  kind: string;
  sourceIp: string;
  anomalyScore: number;
  policyDomains: string[];
  explanation: string;
  detectedAt: string;
  geolocation: { countryCode: string | null; city: string | null; latitude: number | null; longitude: number | null } | null;
}

/**
 * The open alerts, most severe first. A server without alerts (GRAPHQL_VALIDATION_FAILED: the
 * field does not exist) gets the stored anomalies instead, shown the same way.
 */
export async function loadOpenAlerts(token: string): Promise<{ alerts: MapAlert[]; source: 'alerts' | 'anomalies' }> {
  try {
    const data = await graphql<{ alerts: { edges: { node: MapAlert }[] } }>(OPEN_ALERTS, {}, token);
    const alerts = data.alerts.edges.map((edge) => edge.node).filter((alert) => alert.state === 'OPEN');
    return { alerts: alerts.sort((a, b) => b.score - a.score), source: 'alerts' };
  } catch (error) {
    if (!(error instanceof GraphQLRequestError && error.code === 'GRAPHQL_VALIDATION_FAILED')) throw error;
  }
  const data = await graphql<{ recentAnomalies: AnomalyRow[] }>(RECENT_ANOMALIES, {}, token);
  const alerts = data.recentAnomalies.map(
    (a, i): MapAlert => ({
      id: `anomaly-${i}`,
      kind: a.kind,
      state: 'OPEN',
      score: a.anomalyScore,
      sourceIp: a.sourceIp,
      domains: a.policyDomains,
      countryCode: a.geolocation?.countryCode ?? null,
      city: a.geolocation?.city ?? null,
      latitude: a.geolocation?.latitude ?? null,
      longitude: a.geolocation?.longitude ?? null,
      reasons: [a.explanation],
      messageCount: 0,
      lastSeenAt: a.detectedAt,
    }),
  );
  return { alerts: alerts.sort((a, b) => b.score - a.score), source: 'anomalies' };
}
