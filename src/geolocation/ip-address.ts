import { InvalidIpAddressError } from './errors.js';
import { formatIpv4, parseIpv4 } from './ipv4.js';
import { embeddedIpv4, formatIpv6, isIpv4Mapped, parseIpv6, type Ipv6Groups } from './ipv6.js';

export interface Ipv4Address {
  readonly version: 4;
  /** Canonical text: dotted decimal. */
  readonly text: string;
  /** Unsigned 32-bit value. */
  readonly value: number;
}

export interface Ipv6Address {
  readonly version: 6;
  /** Canonical text: RFC 5952. */
  readonly text: string;
  readonly groups: Ipv6Groups;
  /**
   * The IPv4 host behind an IPv4-mapped (::ffff:0:0/96) or NAT64 well-known-prefix
   * (64:ff9b::/96, RFC 6052) address: that host is what gets classified and geolocated.
   */
  readonly embeddedIpv4: Ipv4Address | undefined;
}

export type IpAddress = Ipv4Address | Ipv6Address;

/** Parses IPv4 or IPv6 text (surrounding whitespace ignored); undefined when it is neither. */
export function parseIpAddress(input: string): IpAddress | undefined {
  const text = input.trim();
  if (!text.includes(':')) {
    const value = parseIpv4(text);
    // Strict parsing guarantees the input already is canonical dotted decimal.
    return value < 0 ? undefined : { version: 4, text, value };
  }
  const groups = parseIpv6(text);
  if (!groups) return undefined;
  return { version: 6, text: formatIpv6(groups), groups, embeddedIpv4: embeddedIpv4Of(groups) };
}

/** Like parseIpAddress, but invalid text is the caller's mistake: InvalidIpAddressError (BAD_USER_INPUT). */
export function requireIpAddress(input: string): IpAddress {
  const address = parseIpAddress(input);
  if (!address) throw new InvalidIpAddressError([input]);
  return address;
}

/** Canonical text of an IP address (dotted IPv4, RFC 5952 IPv6); throws InvalidIpAddressError. */
export function canonicalIpAddress(input: string): string {
  return requireIpAddress(input).text;
}

/** The address that stands for the host: the embedded IPv4 of a mapped/NAT64 address, else itself. */
export function effectiveAddress(address: IpAddress): IpAddress {
  return address.version === 6 && address.embeddedIpv4 ? address.embeddedIpv4 : address;
}

/** An IPv6 transition address and the IPv4 hosts it stands for. */
export interface Ipv6Tunnel {
  readonly kind: '6to4' | 'Teredo';
  readonly hosts: readonly Ipv4Address[];
}

/**
 * The IPv4 hosts behind an IPv6 transition address, which a host with a tunnel interface reaches
 * over IPv4: 6to4 (2002::/16, RFC 3056) carries its site's IPv4 in bits 16-47; Teredo (2001::/32,
 * RFC 4380) its server's in bits 32-63 and its client's, inverted, in the last 32. Undefined for
 * any other address. A check of where a request may go (webhook targets) must judge these hosts:
 * to such a host `2002:7f00:1::` is 127.0.0.1.
 */
export function ipv6Tunnel(address: IpAddress): Ipv6Tunnel | undefined {
  if (address.version !== 6) return undefined;
  const group = (i: number) => address.groups[i] ?? 0;
  const ipv4 = (value: number): Ipv4Address => ({ version: 4, text: formatIpv4(value >>> 0), value: value >>> 0 });
  if (group(0) === 0x2002) return { kind: '6to4', hosts: [ipv4(group(1) * 0x10000 + group(2))] };
  if (group(0) === 0x2001 && group(1) === 0) return { kind: 'Teredo', hosts: [ipv4(group(2) * 0x10000 + group(3)), ipv4(~(group(6) * 0x10000 + group(7)))] };
  return undefined;
}

const NAT64_WELL_KNOWN_PREFIX = [0x64, 0xff9b, 0, 0, 0, 0];

function embeddedIpv4Of(groups: Ipv6Groups): Ipv4Address | undefined {
  const carriesIpv4 = isIpv4Mapped(groups) || NAT64_WELL_KNOWN_PREFIX.every((group, i) => groups[i] === group);
  if (!carriesIpv4) return undefined;
  const value = embeddedIpv4(groups);
  return { version: 4, text: formatIpv4(value), value };
}
