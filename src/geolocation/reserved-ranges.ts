import { effectiveAddress, type IpAddress } from './ip-address.js';
import { ipv4InPrefix, parseIpv4 } from './ipv4.js';
import { ipv6InPrefix, parseIpv6, type Ipv6Groups } from './ipv6.js';

/**
 * Special-purpose ranges (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890 and
 * successors) whose addresses have no geographic meaning, so no database is asked. Globally
 * reachable anycast services (AS112, AMT, PCP/TURN anycast) are left out: they are real
 * public hosts with an origin network worth reporting.
 */
export type ReservedRange =
  | 'unspecified'
  | 'this-network'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'ietf-protocol-assignments'
  | 'documentation'
  | 'relay-anycast'
  | 'benchmarking'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'translation'
  | 'discard-only'
  | 'teredo'
  | 'segment-routing'
  | 'unique-local';

// First match wins, so narrower ranges come before the ranges containing them.
const IPV4_RANGES: ReadonlyArray<readonly [cidr: string, range: ReservedRange]> = [
  ['0.0.0.0/32', 'unspecified'],
  ['0.0.0.0/8', 'this-network'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'ietf-protocol-assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'relay-anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

// IPv4-mapped and NAT64 addresses never get here: their embedded IPv4 is classified instead.
const IPV6_RANGES: ReadonlyArray<readonly [cidr: string, range: ReservedRange]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'translation'],
  ['100::/64', 'discard-only'],
  ['2001::/32', 'teredo'],
  ['2001:2::/48', 'benchmarking'],
  ['2001::/23', 'ietf-protocol-assignments'],
  ['2001:db8::/32', 'documentation'],
  ['2002:c058:6301::/48', 'relay-anycast'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'segment-routing'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

interface Ipv4Prefix { readonly network: number; readonly length: number; readonly range: ReservedRange }
interface Ipv6Prefix { readonly network: Ipv6Groups; readonly length: number; readonly range: ReservedRange }

const ipv4Prefixes: readonly Ipv4Prefix[] = IPV4_RANGES.map(([cidr, range]) => {
  const [network, length] = splitCidr(cidr);
  return { network: parseIpv4(network), length, range };
});

// Per first octet, the prefixes that can contain it: most public addresses meet an empty list,
// which keeps the check negligible next to the database lookup.
const ipv4PrefixesByFirstOctet: ReadonlyArray<readonly Ipv4Prefix[]> = Array.from({ length: 256 }, (_, octet) =>
  ipv4Prefixes.filter((prefix) => ipv4InPrefix(octet * 0x1000000, prefix.network, Math.min(prefix.length, 8))),
);

const ipv6Prefixes: readonly Ipv6Prefix[] = IPV6_RANGES.map(([cidr, range]) => {
  const [network, length] = splitCidr(cidr);
  return { network: parseIpv6(network) ?? [], length, range };
});

/** The special-purpose range an address belongs to, or null for an ordinary public address. */
export function reservedRangeOf(address: IpAddress): ReservedRange | null {
  const host = effectiveAddress(address);
  if (host.version === 4) {
    for (const prefix of ipv4PrefixesByFirstOctet[host.value >>> 24] ?? ipv4Prefixes) {
      if (ipv4InPrefix(host.value, prefix.network, prefix.length)) return prefix.range;
    }
    return null;
  }
  for (const prefix of ipv6Prefixes) {
    if (ipv6InPrefix(host.groups, prefix.network, prefix.length)) return prefix.range;
  }
  // Only 2000::/3 is allocated for global unicast; the rest of the space is reserved by the IETF.
  return (host.groups[0] ?? 0) >>> 13 === 1 ? null : 'reserved';
}

function splitCidr(cidr: string): [network: string, length: number] {
  const slash = cidr.indexOf('/');
  return [cidr.slice(0, slash), Number(cidr.slice(slash + 1))];
}
