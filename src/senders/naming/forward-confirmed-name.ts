import { DnsQueryError } from '../../dns/dns-query-error.js';
import type { DnsResolver } from '../../dns/dns-resolver.js';
import { reverseDnsName } from '../../dns/reverse-name.js';
import { effectiveAddress, parseIpAddress } from '../../geolocation/ip-address.js';

/**
 * What reverse DNS said about an address:
 * - CONFIRMED: a PTR name whose A/AAAA records contain the address (forward-confirmed, FCrDNS);
 * - UNCONFIRMED: PTR names, none of which resolves back to the address (kept, never trusted);
 * - NO_PTR: no PTR record (NXDOMAIN or no data);
 * - FAILED: no answer this time (timeout, SERVFAIL, refused): asked again later;
 * - SKIPPED: DNS is off (DNS_SERVERS=none).
 */
export type ReverseDnsStatus = 'CONFIRMED' | 'UNCONFIRMED' | 'NO_PTR' | 'FAILED' | 'SKIPPED';

export interface ReverseDnsLookup {
  readonly ip: string;
  readonly status: ReverseDnsStatus;
  /** The confirmed name, or else the first PTR name as given (null without one). */
  readonly ptrName: string | null;
  /** Set only when CONFIRMED. */
  readonly confirmedName: string | null;
  /** The DNS error code of a FAILED lookup (ETIMEOUT, ESERVFAIL, ...). */
  readonly error: string | null;
}

/** PTR names checked per address at most: a PTR set is normally one name; a longer one is not worth more queries. */
const MAX_PTR_NAMES = 4;

/**
 * Forward-confirmed reverse DNS of one address: its PTR names, then the A (IPv4) or AAAA (IPv6)
 * records of each until one contains the address. Never throws: a failure is a FAILED lookup.
 */
export async function forwardConfirmedName(ip: string, resolver: DnsResolver): Promise<ReverseDnsLookup> {
  const address = parseIpAddress(ip);
  if (address === undefined) return { ip, status: 'NO_PTR', ptrName: null, confirmedName: null, error: null };
  if (!resolver.enabled) return { ip: address.text, status: 'SKIPPED', ptrName: null, confirmedName: null, error: null };
  let names: string[];
  try {
    names = (await resolver.query(reverseDnsName(address), 'PTR')).map(normalizeName).filter(Boolean).slice(0, MAX_PTR_NAMES);
  } catch (error) {
    const failure = DnsQueryError.from(error, ip, 'PTR');
    if (failure.isAnswer) return { ip: address.text, status: 'NO_PTR', ptrName: null, confirmedName: null, error: null };
    return { ip: address.text, status: 'FAILED', ptrName: null, confirmedName: null, error: failure.code };
  }
  if (names.length === 0) return { ip: address.text, status: 'NO_PTR', ptrName: null, confirmedName: null, error: null };

  // The IPv4 host of a mapped or NAT64 address is what the PTR was asked for, and what A records hold.
  const host = effectiveAddress(address);
  let failed: string | null = null;
  for (const name of names) {
    try {
      const answers = await resolver.query(name, host.version === 4 ? 'A' : 'AAAA');
      if (answers.some((answer) => parseIpAddress(answer)?.text === host.text)) {
        return { ip: address.text, status: 'CONFIRMED', ptrName: name, confirmedName: name, error: null };
      }
    } catch (error) {
      const failure = DnsQueryError.from(error, name, 'A');
      if (!failure.isAnswer) failed ??= failure.code;
    }
  }
  // A name that might still confirm once its server answers is a failure, not a mismatch.
  if (failed !== null) return { ip: address.text, status: 'FAILED', ptrName: names[0]!, confirmedName: null, error: failed };
  return { ip: address.text, status: 'UNCONFIRMED', ptrName: names[0]!, confirmedName: null, error: null };
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
