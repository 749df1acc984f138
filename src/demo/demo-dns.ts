import type { Config } from '../config/config.js';
import { dnsmasqPath, startDnsmasq, type LocalDnsServer } from '../dns/dnsmasq.js';
import { NO_DNS } from '../dns/dns-servers.js';
import { demoSenders, demoZone } from './demo-senders.js';
import { demoTraffic } from './demo-data.js';

/**
 * The demo's own DNS for `now`'s month of traffic: a throw-away dnsmasq on a free loopback port
 * serving the demo zone (src/demo/demo-senders.ts), so the demo's senders are named through the
 * real path (PTR, forward confirmation, the service map). Null when dnsmasq is not installed.
 */
export async function startDemoDns(now: Date): Promise<LocalDnsServer | null> {
  if (dnsmasqPath() === undefined) return null;
  return startDnsmasq(demoZone(demoSenders(demoTraffic(now))));
}

/**
 * The configuration the demo runs with: DNS through its own server, or none at all (its addresses
 * are synthetic: the internet's DNS would name some of them after their real owners).
 */
export function demoConfig(config: Config, dns: LocalDnsServer | null): Config {
  return { ...config, dns: { ...config.dns, servers: dns ? { kind: 'list', servers: [dns.address] } : NO_DNS } };
}
