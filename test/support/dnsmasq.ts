import { parseIpAddress } from '../../src/geolocation/ip-address.js';
import { dnsmasqPath, startDnsmasq } from '../../src/dns/dnsmasq.js';
import type { DnsZone } from '../../src/dns/dns-zone.js';
import { reverseDnsName } from '../../src/dns/reverse-name.js';
import { startServfailUpstream, startSilentUpstream, type FaultyUpstream } from './dns-upstreams.js';

export type { DnsZone } from '../../src/dns/dns-zone.js';

export interface TestDnsFaults {
  /** Names, or IP addresses (their PTR name), answered SERVFAIL: dnsmasq's upstream for them fails. */
  readonly servfail?: readonly string[];
  /** Names, or IP addresses (their PTR name), never answered: the client times out. */
  readonly timeout?: readonly string[];
}

export interface TestDns {
  /** `127.0.0.1:port`: the value for DNS_SERVERS. */
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A real DNS server for a test: a throw-away dnsmasq on a free loopback port serving `zone`
 * (every other name NXDOMAIN), with the names in `faults` forwarded to an upstream that answers
 * SERVFAIL or never answers. Stop it in afterAll.
 */
export async function startTestDns(zone: DnsZone, faults: TestDnsFaults = {}): Promise<TestDns> {
  requireDnsmasq();
  const upstreams: FaultyUpstream[] = [];
  const forward: Record<string, string> = { ...zone.forward };
  const route = async (names: readonly string[] | undefined, start: () => Promise<FaultyUpstream>) => {
    if (!names?.length) return;
    const upstream = await start();
    upstreams.push(upstream);
    for (const name of names) {
      const address = parseIpAddress(name);
      forward[address ? reverseDnsName(address) : name] = upstream.server;
    }
  };
  try {
    await route(faults.servfail, startServfailUpstream);
    await route(faults.timeout, startSilentUpstream);
    const server = await startDnsmasq({ ...zone, forward });
    return {
      address: server.address,
      port: server.port,
      async stop() {
        await server.stop();
        await Promise.all(upstreams.map((upstream) => upstream.stop()));
      },
    };
  } catch (error) {
    await Promise.all(upstreams.map((upstream) => upstream.stop()));
    throw error;
  }
}

function requireDnsmasq(): void {
  if (dnsmasqPath() === undefined) {
    throw new Error(
      'dnsmasq is needed for the DNS tests and was not found (DNSMASQ_BIN, /usr/sbin/dnsmasq). ' +
        'Install it with `apt-get install dnsmasq-base` (scripts/install-system-packages.sh does).',
    );
  }
}
