import { effectiveAddress, type IpAddress } from '../geolocation/ip-address.js';

/**
 * The name a PTR query asks for: `4.3.2.1.in-addr.arpa` for 1.2.3.4, the nibbles of an IPv6
 * address under `ip6.arpa`. An IPv4-mapped or NAT64 address is asked for as its IPv4 host.
 */
export function reverseDnsName(address: IpAddress): string {
  const host = effectiveAddress(address);
  if (host.version === 4) return `${host.text.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = host.groups.map((group) => group.toString(16).padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}
