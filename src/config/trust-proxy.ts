import { parseIpAddress } from '../geolocation/ip-address.js';
import { parseCidr } from '../validation/ip-arguments.js';

/**
 * TRUST_PROXY: which peers may tell the server, in X-Forwarded-For, the address of the client
 * they forward. Off by default: the client is the TCP peer, and a forwarded header is ignored.
 * - addresses: the proxies' addresses or blocks (and `loopback`, `linklocal`, `uniquelocal`); the
 *   client is the nearest address in the chain that is not one of them. The safe form: a client
 *   that reaches the server directly, or forges the header, cannot choose its address.
 * - hops: trust that many nearest hops, whatever their address. For proxies whose addresses change
 *   (cloud load balancers), and only where the server cannot be reached but through them: a client
 *   reaching it directly could write its own address into the header.
 */
export type TrustProxySetting =
  | { readonly kind: 'off' }
  | { readonly kind: 'addresses'; readonly entries: readonly string[] }
  | { readonly kind: 'hops'; readonly hops: number };

/** Names proxy-addr knows for the loopback, link-local and unique-local (private) ranges. */
const NAMED_RANGES: ReadonlySet<string> = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 10;
const OFF: ReadonlySet<string> = new Set(['', 'false', 'off', 'no', '0']);

/** The setting from the environment's text, or the problem with it (for the config's list). */
export function parseTrustProxy(raw: string | undefined): { setting: TrustProxySetting } | { problem: string } {
  const text = (raw ?? '').trim().toLowerCase();
  if (OFF.has(text)) return { setting: { kind: 'off' } };
  if (text === 'true' || text === 'yes' || text === '*') {
    return {
      problem:
        'TRUST_PROXY: "true" would believe the address any client writes into X-Forwarded-For; list your proxies\' addresses (e.g. 10.0.0.5,10.0.1.0/24) or give a hop count',
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= MAX_HOPS ? { setting: { kind: 'hops', hops } } : { problem: `TRUST_PROXY: a hop count must be from 1 to ${MAX_HOPS}, got ${hops}` };
  }
  const entries: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const canonical = NAMED_RANGES.has(entry) ? entry : entry.includes('/') ? parseCidr(entry)?.text : parseIpAddress(entry)?.text;
    if (canonical) entries.push(canonical);
    else invalid.push(entry);
  }
  if (invalid.length > 0) {
    return { problem: `TRUST_PROXY: not an address, a CIDR block, loopback, linklocal or uniquelocal: ${invalid.join(', ')} (or give a hop count, or false)` };
  }
  return { setting: { kind: 'addresses', entries } };
}

/** How the setting reads in logs and `check-config`. */
export function describeTrustProxy(setting: TrustProxySetting): string {
  if (setting.kind === 'off') return 'off (the client is the TCP peer)';
  if (setting.kind === 'hops') return `the ${setting.hops} nearest hop${setting.hops === 1 ? '' : 's'}, whatever their address`;
  return setting.entries.join(', ');
}
