import type { DnsZone } from '../../src/dns/dns-zone.js';

/**
 * The benchmark's DNS world over 11.0.0.0/15 (131,072 addresses), made up by dnsmasq as it is
 * asked (synth-domain): most addresses forward-confirm to a known service, some to a base domain
 * the map does not know, one eighth have no PTR, and within that eighth a thousand PTR names lie
 * (they do not resolve back). The mix of a real naming run: two queries for most addresses, one
 * for the rest.
 */
export const BENCH_ZONE: DnsZone = {
  synthesized: [
    { domain: 'sendgrid.net', range: '11.0.0.0/17', prefix: 'o-' },
    { domain: 'google.com', range: '11.0.128.0/17', prefix: 'mail-sor-' },
    { domain: 'amazonses.com', range: '11.1.0.0/18', prefix: 'a-' },
    { domain: 'mcsv.net', range: '11.1.64.0/19', prefix: 'mail-' },
    { domain: 'example-hosting.net', range: '11.1.96.0/19', prefix: 'vps-' },
    // 11.1.128.0/18: nothing synthesized (no PTR), but for the lying names below.
    { domain: 'rostelecom.ru', range: '11.1.192.0/18', prefix: 'dyn-' },
  ],
  ptr: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [benchAddress(98_304 + i * 16), `mail-${i}.paypal.com`])),
};

const SPAN = 131_072;

/** The i-th of `count` addresses spread evenly over the zone's range. */
export function benchAddressOf(i: number, count: number): string {
  return benchAddress(Math.floor((i * SPAN) / count));
}

/** The address at `offset` in 11.0.0.0/15. */
export function benchAddress(offset: number): string {
  return `11.${offset >> 16}.${(offset >> 8) & 255}.${offset & 255}`;
}
