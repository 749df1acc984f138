import type { AnomalyKind } from '../anomaly-detection/anomaly-views.js';
import { BadUserInputError } from '../errors/app-error.js';
import { parseIpAddress } from '../geolocation/ip-address.js';
import { cidrProblem, ipAddressProblem, parseCidr, type CidrBlock } from '../validation/ip-arguments.js';
import { SuppressionRuleTooBroadError } from './errors.js';

export interface SuppressionRuleInput {
  /** One address. */
  readonly ip?: string | null;
  /** A block, e.g. 203.0.113.0/24 or 2001:db8::/32. */
  readonly cidr?: string | null;
  readonly asn?: number | null;
  readonly countryCode?: string | null;
  readonly domain?: string | null;
  readonly kind?: AnomalyKind | null;
  readonly comment?: string | null;
  readonly expiresAt?: Date | null;
}

export interface SuppressionRuleView {
  readonly id: string;
  /** The address or block, in CIDR notation. */
  readonly network: string | null;
  readonly asn: number | null;
  readonly countryCode: string | null;
  readonly domain: string | null;
  readonly kind: AnomalyKind | null;
  readonly comment: string | null;
  readonly expiresAt: Date | null;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** The rule as stored: validated and normalized (upper-case country, lower-case domain, one network). */
export type NormalizedRule = Omit<SuppressionRuleView, 'id' | 'createdBy' | 'createdAt'>;

const MAX_COMMENT = 1_000;

/**
 * The widest blocks a rule takes without `allowBroad: true`: a /16 of IPv4 (65,536 addresses, a
 * large provider's range) and a /32 of IPv6 (a whole provider's allocation). Wider ones, up to
 * `0.0.0.0/0`, silence future alerts from a large part of the internet: more often a slip or a way
 * to hide an attack than a decision, so the caller has to say it is meant.
 */
export const BROADEST_UNCONFIRMED_PREFIX = { 4: 16, 6: 32 } as const;

export function normalizeRule(input: SuppressionRuleInput, now: Date, allowBroad = false): NormalizedRule {
  const problems: string[] = [];
  if (input.ip != null && input.cidr != null) problems.push('give ip or cidr, not both');
  let network: string | null = null;
  let block: CidrBlock | undefined;
  if (input.ip != null) {
    const address = parseIpAddress(input.ip);
    if (address) network = address.text;
    else problems.push(ipAddressProblem('ip', input.ip)!);
  }
  if (input.cidr != null) {
    block = parseCidr(input.cidr);
    if (!block) problems.push(cidrProblem('cidr', input.cidr)!);
    else network = block.text;
  }
  if (input.asn != null && !(Number.isInteger(input.asn) && input.asn > 0 && input.asn < 2 ** 32)) problems.push(`asn must be a positive integer, got ${input.asn}`);
  if (input.countryCode != null && !/^[A-Za-z]{2}$/.test(input.countryCode)) problems.push(`countryCode must be an ISO 3166 alpha-2 code, got "${input.countryCode}"`);
  const domain = input.domain?.trim().toLowerCase() || null;
  if (input.domain != null && (!domain || domain.length > 253)) problems.push('domain must be a domain name');
  if (input.comment && input.comment.length > MAX_COMMENT) problems.push(`comment is longer than ${MAX_COMMENT} characters`);
  if (input.expiresAt && input.expiresAt <= now) problems.push('expiresAt must be in the future');
  if (!network && input.asn == null && !input.countryCode && !domain && !input.kind) problems.push('a rule needs at least one of ip, cidr, asn, countryCode, domain, kind');
  if (problems.length > 0) throw new BadUserInputError(`invalid suppression rule: ${problems.join('; ')}`);
  if (block && !allowBroad && block.prefixLength < BROADEST_UNCONFIRMED_PREFIX[block.address.version]) {
    throw new SuppressionRuleTooBroadError(block.text, BROADEST_UNCONFIRMED_PREFIX[block.address.version]);
  }
  return {
    network,
    asn: input.asn ?? null,
    countryCode: input.countryCode?.toUpperCase() ?? null,
    domain,
    kind: input.kind ?? null,
    comment: input.comment ?? null,
    expiresAt: input.expiresAt ?? null,
  };
}

/** A rule as read with RULE_COLUMNS (alert-sql.ts). */
export function ruleFromRow(row: Record<string, unknown>): SuppressionRuleView {
  const date = (v: unknown) => (v instanceof Date ? v : new Date(v as string));
  return {
    id: row.id as string,
    network: (row.network as string | null) ?? null,
    asn: row.asn === null || row.asn === undefined ? null : Number(row.asn),
    countryCode: (row.country_code as string | null) ?? null,
    domain: (row.domain as string | null) ?? null,
    kind: (row.kind as AnomalyKind | null) ?? null,
    comment: (row.comment as string | null) ?? null,
    expiresAt: row.expires_at ? date(row.expires_at) : null,
    createdBy: row.created_by as string,
    createdAt: date(row.created_at),
  };
}
