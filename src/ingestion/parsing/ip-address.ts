import { parseIpv4 } from '../../geolocation/ipv4.js';
import { formatIpv6, parseIpv6 } from '../../geolocation/ipv6.js';

/**
 * Canonical text of an IP address, or null if it is none: IPv4 as a dotted quad without leading
 * zeros, IPv6 per RFC 5952 (lower case, no leading zeros, longest zero run as `::`, IPv4-mapped
 * addresses with a dotted tail). One spelling per address so the store can group by it. The
 * one-pass parsers of the geolocation lookups, as this runs for every record.
 */
export function canonicalIp(raw: string): string | null {
  const text = raw.trim();
  if (!text.includes(':')) {
    // Leading zeros are refused (some tools read them as octal), so valid text is canonical already.
    return parseIpv4(text) < 0 ? null : text;
  }
  const groups = parseIpv6(text);
  return groups === undefined ? null : formatIpv6(groups);
}
