import type { AlertEventFilter } from '../alerts/alert-filter.js';
import { BadUserInputError } from '../errors/app-error.js';

/**
 * Which alerts a webhook receives: the alert filter of subscriptions (`AlertEventFilter`), matched
 * by the same function (`alertMatchesFilter`). Absent or empty parts match everything.
 */
export type WebhookFilter = AlertEventFilter;

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
