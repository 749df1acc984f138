import type { EntityManager } from '@mikro-orm/postgresql';
import { systemClock, type Clock } from '../auth/clock.js';
import type { Config } from '../config/config.js';
import { DnsResolver } from '../dns/dns-resolver.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import { SenderNaming } from '../senders/naming/sender-naming.js';
import { SenderService } from '../senders/sender-service.js';
import { ServiceMapStore } from '../senders/service-map/service-map-store.js';

export interface SenderServices {
  /** The one DNS resolver (DNS_SERVERS): sender naming, and DNS posture checks through `forMailauth()`. */
  readonly dns: DnsResolver;
  readonly senders: SenderService;
}

/** The DNS resolver and the senders over it, built one way for the server, the worker and the CLI. */
export function createSenderServices(deps: { em: EntityManager; config: Pick<Config, 'dns' | 'senders'>; logger: Logger; clock?: Clock }): SenderServices {
  const { em, config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const dns = new DnsResolver(config.dns);
  const maps = new ServiceMapStore(em, clock);
  const naming = new SenderNaming({
    em,
    resolver: dns,
    map: () => maps.current(),
    ttl: { positiveDays: config.senders.nameTtlDays, negativeHours: config.senders.negativeTtlHours },
    clock,
    logger: logger.child({ component: 'sender-naming' }),
  });
  return { dns, senders: new SenderService({ em, naming, maps, clock, logger: logger.child({ component: 'senders' }) }) };
}

/**
 * Every stored report's addresses are named in the background: the subscriber only queues them
 * (it returns at once), so naming never slows or fails ingestion. Subscribed after geolocation,
 * whose ASN data names what DNS does not.
 */
export function nameSendersAfterIngestion(ingestion: ReportIngestionService, senders: SenderService): void {
  ingestion.onIngested.push((event) => senders.naming.enqueue(event.sourceIps));
}

/** Shutdown: DNS queries in flight are cancelled, then background naming ends (waiting addresses are left to the job). */
export async function stopSenderServices(services: SenderServices): Promise<void> {
  services.dns.close();
  await services.senders.stop();
}
