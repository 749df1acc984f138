import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import { BadUserInputError } from '../errors/app-error.js';
import type { WebhookAlert } from './webhook-alert.js';

/**
 * Which alerts a webhook receives: the shape of the alert filter of subscriptions
 * (`AlertEventFilter`). Absent or empty parts match everything.
 *
 * TODO(merge with wt-alerts): `alertMatchesFilter` in src/alerts/alert-filter.ts is the one
 * matcher for subscriptions and webhooks; replace `webhookFilterMatches` with it.
 */
export interface WebhookFilter {
  readonly domains?: readonly string[] | null;
  readonly kinds?: readonly AnomalyKind[] | null;
  readonly minScore?: number | null;
  readonly countries?: readonly string[] | null;
}

/** Domains match any of the alert's domains (case-insensitive); countries by ISO code, case-insensitive. */
export function webhookFilterMatches(filter: WebhookFilter, alert: WebhookAlert): boolean {
  if (filter.minScore != null && alert.score < filter.minScore) return false;
  if (filter.kinds?.length && !filter.kinds.includes(alert.kind)) return false;
  if (filter.domains?.length) {
    const wanted = new Set(filter.domains.map((domain) => domain.toLowerCase()));
    if (!alert.domains.some((domain) => wanted.has(domain.toLowerCase()))) return false;
  }
  if (filter.countries?.length) {
    const country = alert.countryCode?.toUpperCase();
    if (!country || !filter.countries.some((code) => code.toUpperCase() === country)) return false;
  }
  return true;
}

const MAX_FILTER_ENTRIES = 100;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/** The filter as stored: trimmed, lower-case domains, upper-case countries, no duplicates; BAD_USER_INPUT for nonsense. */
export function normalizeWebhookFilter(filter: WebhookFilter | null | undefined): WebhookFilter {
  if (!filter) return {};
  const domains = unique((filter.domains ?? []).map((domain) => domain.trim().toLowerCase()));
  const countries = unique((filter.countries ?? []).map((country) => country.trim().toUpperCase()));
  const kinds = unique(filter.kinds ?? []);
  if (domains.length > MAX_FILTER_ENTRIES || countries.length > MAX_FILTER_ENTRIES) {
    throw new BadUserInputError(`A webhook filter takes at most ${MAX_FILTER_ENTRIES} domains and ${MAX_FILTER_ENTRIES} countries`);
  }
  if (domains.some((domain) => domain.length === 0 || domain.length > 253)) throw new BadUserInputError('Filter domains must be 1 to 253 characters');
  const badCountry = countries.find((country) => !COUNTRY_CODE.test(country));
  if (badCountry !== undefined) throw new BadUserInputError(`Filter country "${badCountry}" is not a two-letter ISO code`);
  const minScore = filter.minScore ?? null;
  if (minScore !== null && !(minScore >= 0 && minScore <= 1)) throw new BadUserInputError('Filter minScore must be between 0 and 1');
  return {
    ...(domains.length ? { domains } : {}),
    ...(kinds.length ? { kinds } : {}),
    ...(minScore !== null ? { minScore } : {}),
    ...(countries.length ? { countries } : {}),
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
