import type { AnomalyKind, AnomalyView } from '../anomaly-detection/anomaly-views.js';

/** What a subscription or a webhook wants to hear about; empty or absent parts match everything. */
export interface AlertEventFilter {
  readonly domains?: readonly string[] | null;
  readonly kinds?: readonly AnomalyKind[] | null;
  /** Severity in [0, 1]. */
  readonly minScore?: number | null;
  /** ISO country codes, any case. */
  readonly countries?: readonly string[] | null;
}

/** The parts of an alert (or an anomaly) a filter looks at. */
export interface FilterableEvent {
  readonly kind: AnomalyKind;
  readonly score: number;
  readonly domains: readonly string[];
  readonly countryCode: string | null;
}

/** Domains match any of the alert's domains (case-insensitive); countries by ISO code, case-insensitive. */
export function alertMatchesFilter(filter: AlertEventFilter | null | undefined, alert: FilterableEvent): boolean {
  if (!filter) return true;
  if (filter.kinds?.length && !filter.kinds.includes(alert.kind)) return false;
  if (filter.minScore != null && !(alert.score >= filter.minScore)) return false;
  if (filter.domains?.length) {
    const wanted = filter.domains.map((d) => d.toLowerCase());
    if (!alert.domains.some((d) => wanted.includes(d.toLowerCase()))) return false;
  }
  if (filter.countries?.length) {
    const country = alert.countryCode?.toUpperCase();
    if (country === undefined || !filter.countries.some((c) => c.toUpperCase() === country)) return false;
  }
  return true;
}

/** An anomaly as the filter sees it: severity = -score; its rule domain and the IP's policy domains. */
export function filterableAnomaly(anomaly: AnomalyView): FilterableEvent {
  const domains = anomaly.domain !== null && !anomaly.policyDomains.includes(anomaly.domain) ? [anomaly.domain, ...anomaly.policyDomains] : anomaly.policyDomains;
  return { kind: anomaly.kind, score: -anomaly.score, domains, countryCode: anomaly.geolocation?.countryCode ?? null };
}
