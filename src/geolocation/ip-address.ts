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

const NAT64_WELL_KNOWN_PREFIX = [0x64, 0xff9b, 0, 0, 0, 0];

function embeddedIpv4Of(groups: Ipv6Groups): Ipv4Address | undefined {
  const carriesIpv4 = isIpv4Mapped(groups) || NAT64_WELL_KNOWN_PREFIX.every((group, i) => groups[i] === group);
  if (!carriesIpv4) return undefined;
  const value = embeddedIpv4(groups);
  return { version: 4, text: formatIpv4(value), value };
}
