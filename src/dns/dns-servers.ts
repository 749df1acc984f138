import { parseIpAddress } from '../geolocation/ip-address.js';

/**
 * Which DNS servers the resolver asks (the DNS_SERVERS setting): the system's (the servers of
 * /etc/resolv.conf, as c-ares reads them), none (DNS turned off: senders are named from ASN data
 * alone), or a list of `host:port` addresses.
 */
export type DnsServers = { readonly kind: 'system' } | { readonly kind: 'none' } | { readonly kind: 'list'; readonly servers: readonly string[] };

export const SYSTEM_DNS: DnsServers = { kind: 'system' };
export const NO_DNS: DnsServers = { kind: 'none' };

/**
 * DNS_SERVERS as written: unset or empty means the system's resolvers, `none` (or `off`) turns DNS
 * off, anything else is a comma-separated list of `address[:port]` (`[v6]:port` for IPv6; port 53
 * when left out). Addresses must be IP addresses: the resolver cannot look up the name of its own
 * server. Returns the problem in words when the text is not valid.
 */
export function parseDnsServers(text: string | undefined): DnsServers | { readonly problem: string } {
  const value = text?.trim() ?? '';
  if (value === '') return SYSTEM_DNS;
  if (/^(none|off)$/i.test(value)) return NO_DNS;
  const servers: string[] = [];
  for (const item of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const server = parseServer(item);
    if (server === undefined) return { problem: `"${item}" is not an IP address with an optional port (e.g. 127.0.0.1:5353, [::1]:53)` };
    servers.push(server);
  }
  return servers.length === 0 ? SYSTEM_DNS : { kind: 'list', servers };
}

/** `host:port` in the form node's Resolver#setServers takes; undefined when invalid. */
function parseServer(item: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : item.split(':').length === 2
      ? (item.split(':') as [string, string])
      : [item, undefined];
  const address = parseIpAddress(host);
  if (address === undefined) return undefined;
  const portNumber = port === undefined ? 53 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) return undefined;
  return address.version === 6 ? `[${address.text}]:${portNumber}` : `${address.text}:${portNumber}`;
}

/** For logs and `check-config`: what the resolver asks. */
export function describeDnsServers(servers: DnsServers): string {
  if (servers.kind === 'system') return 'the system resolvers';
  if (servers.kind === 'none') return 'none (DNS off: senders named from ASN data alone)';
  return servers.servers.join(', ');
}
