import { DnsResolver } from '../../src/dns/dns-resolver.js';
import type { DnsServers } from '../../src/dns/dns-servers.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import type { Config } from '../../src/config/config.js';
import { sendersModule } from '../../src/senders/module.js';
import type { SenderService } from '../../src/senders/sender-service.js';
import { ManualClock } from '../auth/auth-fixture.js';
import { silentLogger } from '../support/silent-logger.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';

export { ManualClock };

export interface SendersFixture {
  readonly dns: DnsResolver;
  readonly senders: SenderService;
  /** What the senders emitted (sendersNamed, senderApprovalChanged), in order. */
  readonly emitted: { readonly event: string; readonly payload: unknown }[];
  readonly db: TestOrm;
  readonly clock: ManualClock;
  /** A geolocation_cache row, as geolocation leaves it after ingestion (ASN data names what DNS does not). */
  geolocated(ip: string, location: { countryCode?: string; asn?: number; asOrganization?: string }): Promise<void>;
  /** The sender_names row of an address. */
  nameOf(ip: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

/** The sender services on a fresh database, over `servers`, with a clock the test moves. */
export async function openSendersFixture(servers: DnsServers, options: { timeoutMs?: number; start?: Date } = {}): Promise<SendersFixture> {
  const db = await openTestOrm({ poolMax: 4 });
  const clock = new ManualClock(options.start ?? new Date());
  const config = { dns: { servers, timeoutMs: options.timeoutMs ?? 1_000, concurrency: 16 }, senders: { nameTtlDays: 7, negativeTtlHours: 24 } } as unknown as Config;
  const events = new DomainEvents(silentLogger);
  const emitted: { event: string; payload: unknown }[] = [];
  events.on('sendersNamed', 'test: keep', (payload) => void emitted.push({ event: 'sendersNamed', payload }));
  events.on('senderApprovalChanged', 'test: keep', (payload) => void emitted.push({ event: 'senderApprovalChanged', payload }));
  const dns = new DnsResolver(config.dns);
  const senders = sendersModule({ config, em: db.orm.em, logger: silentLogger, events, clock: clock.now }, dns).provides.senders;
  return {
    dns,
    senders,
    emitted,
    db,
    clock,
    async geolocated(ip, location) {
      await db.database.query(
        `INSERT INTO geolocation_cache (ip, country_code, asn, as_organization, looked_up_at, expires_at) VALUES ($1, $2, $3, $4, now(), now() + interval '90 days')
         ON CONFLICT (ip) DO UPDATE SET country_code = excluded.country_code, asn = excluded.asn, as_organization = excluded.as_organization`,
        [ip, location.countryCode ?? null, location.asn ?? null, location.asOrganization ?? null],
      );
    },
    async nameOf(ip) {
      const [row] = await db.database.query(
        `SELECT host(ip) AS ip, reverse_dns, ptr_name, confirmed_name, base_domain, dns_error, asn, sender_key, sender_name, sender_type, naming_source, expires_at
         FROM sender_names WHERE ip = $1::inet`,
        [ip],
      );
      return row;
    },
    async close() {
      dns.close();
      await senders.stop();
      await db.close();
    },
  };
}
