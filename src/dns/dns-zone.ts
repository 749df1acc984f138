import { parseIpAddress } from '../geolocation/ip-address.js';
import { parseCidr } from '../validation/ip-arguments.js';
import { reverseDnsName } from './reverse-name.js';

/**
 * A closed DNS world, as a throw-away dnsmasq serves it (src/dns/dnsmasq.ts): every name not
 * listed answers NXDOMAIN at once. Used by the tests, the benchmark and the demo.
 */
export interface DnsZone {
  /** PTR records: address → name(s). */
  readonly ptr?: Readonly<Record<string, string | readonly string[]>>;
  /** A and AAAA records: name → addresses (dnsmasq answers the matching PTR too). */
  readonly hosts?: Readonly<Record<string, readonly string[]>>;
  /** TXT records: name → one string per record (e.g. an SPF or DMARC record). */
  readonly txt?: Readonly<Record<string, string | readonly string[]>>;
  readonly mx?: readonly { readonly name: string; readonly exchange: string; readonly priority: number }[];
  readonly cname?: Readonly<Record<string, string>>;
  /**
   * Address ranges whose PTR and A records dnsmasq makes up as it is asked (its `synth-domain`):
   * 11.0.1.5 in `{ domain: 'sendgrid.net', range: '11.0.0.0/17', prefix: 'o-' }` is
   * `o-11-0-1-5.sendgrid.net` and back, forward-confirmed. Answers at once whatever the range's
   * size, where listed records are searched one by one: how benchmarks serve 100,000 names.
   */
  readonly synthesized?: readonly { readonly domain: string; readonly range: string; readonly prefix: string }[];
  /**
   * Names (and everything under them) dnsmasq forwards to another server, `address#port`: an
   * upstream that answers SERVFAIL or never answers makes those names fail as they do in life.
   * For an address, give its reverse name (`reverseDnsName`).
   */
  readonly forward?: Readonly<Record<string, string>>;
}

/** The zone as dnsmasq configuration lines (`ptr-record=`, `host-record=`, ...). */
export function dnsmasqZoneLines(zone: DnsZone): string[] {
  const lines: string[] = [];
  for (const [ip, names] of Object.entries(zone.ptr ?? {})) {
    const address = parseIpAddress(ip);
    if (address === undefined) throw new Error(`DNS zone: "${ip}" is not an IP address`);
    for (const name of typeof names === 'string' ? [names] : names) lines.push(`ptr-record=${reverseDnsName(address)},${checkName(name)}`);
  }
  for (const [name, addresses] of Object.entries(zone.hosts ?? {})) {
    for (const ip of addresses) if (parseIpAddress(ip) === undefined) throw new Error(`DNS zone: "${ip}" (for ${name}) is not an IP address`);
    lines.push(`host-record=${checkName(name)},${addresses.join(',')}`);
  }
  for (const [name, texts] of Object.entries(zone.txt ?? {})) {
    for (const text of typeof texts === 'string' ? [texts] : texts) lines.push(`txt-record=${checkName(name)},${txtStrings(text)}`);
  }
  for (const mx of zone.mx ?? []) lines.push(`mx-host=${checkName(mx.name)},${checkName(mx.exchange)},${mx.priority}`);
  for (const [alias, target] of Object.entries(zone.cname ?? {})) lines.push(`cname=${checkName(alias)},${checkName(target)}`);
  for (const { domain, range, prefix } of zone.synthesized ?? []) {
    const block = parseCidr(range);
    if (block === undefined) throw new Error(`DNS zone: "${range}" is not an address range (CIDR)`);
    lines.push(`synth-domain=${checkName(domain)},${block.text},${checkName(prefix)}`);
  }
  for (const [name, server] of Object.entries(zone.forward ?? {})) lines.push(`server=/${checkName(name)}/${server}`);
  return lines;
}

/** DNS names only: nothing that could end a configuration line or start another option. */
function checkName(name: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`DNS zone: "${name}" is not a DNS name`);
  return name;
}

/** A TXT record's text as dnsmasq's quoted character-strings of at most 255 bytes each. */
function txtStrings(text: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 255) chunks.push(text.slice(i, i + 255));
  return (chunks.length > 0 ? chunks : ['']).map((chunk) => `"${chunk.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',');
}
