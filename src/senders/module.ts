import type { DnsResolver } from '../dns/dns-resolver.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { SenderNaming } from './naming/sender-naming.js';
import { SenderService } from './sender-service.js';
import { ServiceMapStore } from './service-map/service-map-store.js';

/**
 * Who sends as each domain: naming (in the background, a reaction to `reportIngested`; emits
 * `sendersNamed`), classification, approvals (emits `senderApprovalChanged`) and the service map.
 * Stopping ends background naming; the addresses still waiting are left to the name-senders job.
 */
export function sendersModule(
  context: ConcernContext,
  dns: DnsResolver,
  options: {
    /** True while a report file is being ingested: naming runs in ingestion's pauses. */
    readonly ingestionBusy?: () => boolean;
  } = {},
): ConcernModule<{ senders: SenderService }> {
  const { em, config, logger, events, clock } = context;
  const maps = new ServiceMapStore(em, clock);
  const naming = new SenderNaming({
    em,
    resolver: dns,
    map: () => maps.current(),
    ttl: { positiveDays: config.senders.nameTtlDays, negativeHours: config.senders.negativeTtlHours },
    clock,
    events,
    ...(options.ingestionBusy ? { ingestionBusy: options.ingestionBusy } : {}),
    logger: logger.child({ component: 'sender-naming' }),
  });
  const senders = new SenderService({ em, naming, maps, clock, events, logger: logger.child({ component: 'senders' }) });
  return { name: 'senders', provides: { senders }, stop: () => senders.stop() };
}
