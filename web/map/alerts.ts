import { graphql, OPEN_ALERTS } from './queries.js';

/** An alert as the map shows it (the fields of queries.ts's MapAlert fragment). */
export interface MapAlert {
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  /** Severity in [0, 1]: higher is more anomalous. */
  readonly score: number;
  /** Null for an alert about a domain (TLS_FAILURES). */
  readonly sourceIp: string | null;
  readonly domains: readonly string[];
  /** Null when the source IP's location is unknown. */
  readonly geolocation: {
    readonly countryCode: string | null;
    readonly city: string | null;
    readonly latitude: number | null;
    readonly longitude: number | null;
  } | null;
  readonly reasons: readonly string[];
  /** Who the source is: "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)". */
  readonly sender: { readonly name: string; readonly classification: string; readonly summary: string } | null;
  readonly messageCount: number;
  readonly lastSeenAt: string;
  /** Failure samples from its source IP kept as its evidence. */
  readonly failureReportCount: number;
}

/** The open alerts about `domain` (every domain when null), most severe first. */
export async function loadOpenAlerts(token: string, domain: string | null): Promise<MapAlert[]> {
  const data = await graphql<{ alerts: { edges: { node: MapAlert }[] } }>(OPEN_ALERTS, { domains: domain === null ? null : [domain] }, token);
  return data.alerts.edges.map((edge) => edge.node).sort((a, b) => b.score - a.score);
}
