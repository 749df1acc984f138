import type { MapSource, ServiceMap } from './service-map/service-map.js';
import type { SenderType } from './service-map/sender-types.js';

/** How a sender got its name, from the most trusted way to none. */
export type NamingSource = MapSource | 'REVERSE_DNS' | 'AS_ORGANIZATION' | 'NONE';

/** Who an address belongs to: the sender it is counted under. */
export interface SenderIdentity {
  /** Stable: `service:<name>`, `domain:<base domain>`, `asn:<number>` or `ip:<address>`. */
  readonly key: string;
  readonly name: string;
  readonly type: SenderType;
  /** The service map's category ("Marketing", "Finance", ...); null when not from a map. */
  readonly category: string | null;
  readonly source: NamingSource;
}

/** What naming knows of an address: its forward-confirmed reverse DNS name and its network. */
export interface NamingFacts {
  readonly ip: string;
  /** The PTR name that resolves back to the address (FCrDNS); an unconfirmed name is never used. */
  readonly confirmedName: string | null;
  readonly asn: number | null;
  readonly asOrganization: string | null;
}

/**
 * The sender an address is counted under, in order of trust: the base domain of its
 * forward-confirmed name in the service map (the operator's entries first), that base domain
 * itself, its ASN in the map, its AS organisation, and failing all of them the address alone.
 * Every address of one service shares the service's key, whichever way it was named.
 */
export function identify(facts: NamingFacts, map: ServiceMap): SenderIdentity & { readonly baseDomain: string | null } {
  const baseDomain = facts.confirmedName ? map.baseDomain(facts.confirmedName) : null;
  if (baseDomain !== null) {
    const match = map.byDomain(baseDomain);
    if (match) return { key: serviceKey(match.name), name: match.name, type: match.type, category: match.category, source: match.source, baseDomain };
    return { key: `domain:${baseDomain}`, name: baseDomain, type: 'UNKNOWN', category: null, source: 'REVERSE_DNS', baseDomain };
  }
  if (facts.asn !== null) {
    const match = map.byAsn(facts.asn);
    if (match) return { key: serviceKey(match.name), name: match.name, type: match.type, category: match.category, source: match.source, baseDomain };
    if (facts.asOrganization) return { key: `asn:${facts.asn}`, name: facts.asOrganization, type: 'UNKNOWN', category: null, source: 'AS_ORGANIZATION', baseDomain };
  }
  return { key: `ip:${facts.ip}`, name: facts.ip, type: 'UNKNOWN', category: null, source: 'NONE', baseDomain };
}

function serviceKey(name: string): string {
  return `service:${name.trim().toLowerCase()}`;
}

/** A sender is named when something other than its address names it. */
export function isNamed(source: NamingSource): boolean {
  return source !== 'NONE';
}
