import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { DnsResolver } from './dns-resolver.js';

/**
 * The one DNS resolver of the process (DNS_SERVERS, DNS_TIMEOUT_MS, DNS_CONCURRENCY): sender
 * naming asks it, and checks built on mailauth take `dns.forMailauth()`. Stopping cancels the
 * queries in flight.
 */
export function dnsModule(context: ConcernContext): ConcernModule<{ dns: DnsResolver }> {
  const dns = new DnsResolver(context.config.dns);
  return {
    name: 'dns',
    provides: { dns },
    async stop() {
      dns.close();
    },
  };
}
