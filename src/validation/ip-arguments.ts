import { BadUserInputError } from '../errors/app-error.js';
import { parseIpAddress, type IpAddress } from '../geolocation/ip-address.js';

/**
 * The one check for arguments that name an IP address or a CIDR block (alert filters, suppression
 * rules, geoLookup(s), TRUST_PROXY): the strict parser of src/geolocation/ip-address.ts, which
 * refuses what PostgreSQL's inet would choke on (zone ids such as `fe80::1%eth0`, which Node's
 * `isIP` accepts; leading zeros; stray text), so a bad value is BAD_USER_INPUT naming the
 * argument, never an INTERNAL_SERVER_ERROR from the database.
 */

/** An address block: its (canonical) address and prefix length. Host bits may be set; PostgreSQL's `network()` clears them. */
export interface CidrBlock {
  readonly address: IpAddress;
  readonly prefixLength: number;
  /** `address/prefixLength`, the address in canonical text. */
  readonly text: string;
}

/** `203.0.113.0/24` or `2001:db8::/32` (surrounding whitespace ignored); undefined for anything else. */
export function parseCidr(input: string): CidrBlock | undefined {
  const text = input.trim();
  const slash = text.indexOf('/');
  if (slash === -1) return undefined;
  const address = parseIpAddress(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefix)) return undefined;
  const prefixLength = Number(prefix);
  if (prefixLength > (address.version === 4 ? 32 : 128)) return undefined;
  return { address, prefixLength, text: `${address.text}/${prefixLength}` };
}

/** Why `value` of argument `name` is not an IP address, or undefined when it is one. */
export function ipAddressProblem(name: string, value: string): string | undefined {
  return parseIpAddress(value) ? undefined : `${name} ${shown(value)} is not an IP address (IPv4 or IPv6, without a zone id)`;
}

/** Why `value` of argument `name` is not a CIDR block, or undefined when it is one. */
export function cidrProblem(name: string, value: string): string | undefined {
  return parseCidr(value) ? undefined : `${name} ${shown(value)} is not a CIDR block such as 203.0.113.0/24 or 2001:db8::/32`;
}

/** The canonical text of the address in argument `name`; BAD_USER_INPUT naming it otherwise. */
export function requireIpArgument(name: string, value: string): string {
  const address = parseIpAddress(value);
  if (!address) throw new BadUserInputError(ipAddressProblem(name, value)!);
  return address.text;
}

/** The value as a message quotes it: JSON (control characters visible), cut at 100 characters. */
function shown(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}
