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

/** `192.0.2.10:25`, `[2001:db8::1]:25`, `[2001:db8::1]`: an address written the way a mail log writes it. */
const withPort = /^(?:\[([^\]]+)\]|([\d.]+))(?::(\d{1,5}))?$/;
/** `192.000.002.010`: four decimal octets, some zero-padded. */
const zeroPadded = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * A record's source IP: canonical text as `canonicalIp` gives it or, for the two spellings
 * reporters use that it refuses, the address they mean with a warning naming the original text.
 * Null when the text is no address. Only runs past `canonicalIp` when that refuses the text.
 */
export function readSourceIp(raw: string, warn: (message: string) => void): string | null {
  const canonical = canonicalIp(raw);
  if (canonical !== null) return canonical;
  const text = raw.trim();
  const bracketed = withPort.exec(text);
  if (bracketed !== null && (bracketed[1] !== undefined || bracketed[3] !== undefined) && Number(bracketed[3] ?? 0) <= 65535) {
    const address = readSourceIp(bracketed[1] ?? bracketed[2] ?? '', warn);
    if (address === null) return null;
    warn(`row.source_ip "${text}" ${bracketed[3] === undefined ? 'is in brackets' : `carries a port (${bracketed[3]})`}; read as the address ${address}`);
    return address;
  }
  const padded = zeroPadded.exec(text);
  if (padded === null) return null;
  const octets = padded.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  const address = octets.join('.');
  // inet_aton would read a leading 0 as octal; report generators zero-pad decimal octets.
  warn(`row.source_ip "${text}" has zero-padded octets; read as decimal ${address}`);
  return address;
}
