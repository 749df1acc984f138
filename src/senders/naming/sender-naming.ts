import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../../auth/clock.js';
import type { DomainEvents } from '../../events/domain-events.js';
import { executeStatement, selectRows } from '../../database/raw-sql.js';
import type { DnsResolver } from '../../dns/dns-resolver.js';
import { parseIpAddress } from '../../geolocation/ip-address.js';
import type { Logger } from '../../logging/logger.js';
import { identify } from '../identity.js';
import type { ServiceMap } from '../service-map/service-map.js';
import { forwardConfirmedName, type ReverseDnsLookup, type ReverseDnsStatus } from './forward-confirmed-name.js';
import { FreshNames } from './fresh-names.js';
import { purgeExpiredSql, selectAffectedSql, selectDueReportedSql, selectFreshSql, selectNetworksSql, selectRowsSql, upsertColumns, upsertRowsSql, type NameCacheRow } from './name-cache-sql.js';

export interface NamingTtl {
  /** A forward-confirmed name is trusted this long (SENDER_NAME_TTL_DAYS). */
  readonly positiveDays: number;
  /** No PTR, an unconfirmed one, or DNS off: asked again after this long (SENDER_NAME_NEGATIVE_TTL_HOURS). */
  readonly negativeHours: number;
}

/**
 * Naming waits for a pause in ingestion: no file being ingested and no new report for QUIET_MS, or
 * at most MAX_DEFER_MS while reports keep coming. A bulk load is stored at full speed and named
 * right after; a steady stream is still named, a batch every MAX_DEFER_MS at least.
 */
const QUIET_MS = 100;
const MAX_DEFER_MS = 30_000;

/** A failed lookup (timeout, SERVFAIL) is tried again within the hour, keeping what was known. */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;

export interface SenderNamingOptions {
  /** The root EntityManager: every batch works on a fork. */
  readonly em: EntityManager;
  readonly resolver: DnsResolver;
  /** The current service map (the operator's entries may change it). */
  readonly map: () => Promise<ServiceMap>;
  readonly ttl: NamingTtl;
  readonly clock: Clock;
  /** Each stored batch emits `sendersNamed` here; absent when the naming is built alone (benchmarks, tests). */
  readonly events?: DomainEvents;
  readonly logger: Logger;
  /** Addresses named per batch (one read, DNS for those due, one upsert). Default 2,000. */
  readonly batchSize?: number;
  /** Addresses waiting at most; more are left to the naming job. Default 100,000. */
  readonly maxPending?: number;
  /** True while a report file is being ingested: naming waits for a pause (the composition root wires it). */
  readonly ingestionBusy?: () => boolean;
}

/** What one naming pass did: the payload of the `sendersNamed` event. */
export interface SendersNamed {
  /** Addresses looked up (those with a fresh row are not counted). */
  readonly addresses: number;
  /** By reverse DNS outcome. */
  readonly reverseDns: Readonly<Record<ReverseDnsStatus, number>>;
  /** Addresses that got a name other than their own (DNS, the map, their network). */
  readonly named: number;
  /** Distinct senders the addresses belong to. */
  readonly senders: readonly string[];
}

const emptyCounts = (): Record<ReverseDnsStatus, number> => ({ CONFIRMED: 0, UNCONFIRMED: 0, NO_PTR: 0, FAILED: 0, SKIPPED: 0 });

/**
 * Names source addresses: forward-confirmed reverse DNS, then the service map, then ASN data
 * (src/senders/identity.ts), cached in sender_names with expiry. Ingestion hands new addresses to
 * `enqueue`, which returns at once: the naming runs in the background, in batches, in the pauses
 * of ingestion (QUIET_MS), never slowing or failing it (a DNS or database failure is logged; the
 * naming job catches up).
 */
export class SenderNaming {
  readonly #pending = new Set<string>();
  /** Re-naming an address named moments ago costs no database round trip. */
  readonly #fresh = new FreshNames();
  #running: Promise<void> | undefined;
  /** When ingestion last handed over addresses (performance.now()). */
  #lastEnqueued = 0;
  #dropped = 0;
  #closed = false;
  readonly #batchSize: number;
  readonly #maxPending: number;

  constructor(private readonly options: SenderNamingOptions) {
    this.#batchSize = options.batchSize ?? 2_000;
    this.#maxPending = options.maxPending ?? 100_000;
  }

  /** Addresses waiting to be named. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Queues addresses for naming in the background and returns at once. */
  enqueue(ips: readonly string[]): void {
    if (this.#closed) return;
    this.#lastEnqueued = performance.now();
    for (const ip of ips) {
      if (this.#pending.size >= this.#maxPending) {
        this.#dropped += 1;
        continue;
      }
      this.#pending.add(ip);
    }
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /** Resolves when nothing is waiting or being named (tests, the demo, benchmarks). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /**
   * Names the addresses that have no fresh row, now, and returns what it did. `force` names every
   * one of them again (a changed map, a test).
   */
  async nameNow(ips: readonly string[], options: { readonly force?: boolean } = {}): Promise<SendersNamed> {
    const total = { addresses: 0, reverseDns: emptyCounts(), named: 0, senders: new Set<string>() };
    const now = this.options.clock().getTime();
    const addresses = [...new Set(ips.map((ip) => parseIpAddress(ip)?.text).filter((ip): ip is string => ip !== undefined))].filter(
      (ip) => options.force || !this.#fresh.isFresh(ip, now),
    );
    for (let start = 0; start < addresses.length; start += this.#batchSize) {
      const outcome = await this.#nameBatch(addresses.slice(start, start + this.#batchSize), options.force ?? false);
      total.addresses += outcome.addresses;
      total.named += outcome.named;
      for (const [status, n] of Object.entries(outcome.reverseDns)) total.reverseDns[status as ReverseDnsStatus] += n;
      for (const key of outcome.senders) total.senders.add(key);
    }
    return { ...total, senders: [...total.senders] };
  }

  /**
   * The naming job: addresses that sent mail in the last `days` days and have no fresh row (new
   * ones ingestion could not name, expired ones), most messages first, at most `limit`. Also deletes
   * rows expired for longer than `days`.
   */
  async nameDue(days: number, limit = 100_000): Promise<SendersNamed & { readonly purged: number }> {
    const now = this.options.clock();
    const since = new Date(now.getTime() - days * DAY_MS);
    const rows = await selectRows<{ ip: string }>(this.options.em.fork(), selectDueReportedSql, [since, now, limit]);
    // Due by the database's word: no second look.
    const named = await this.nameNow(rows.map((row) => row.ip), { force: true });
    const purged = await executeStatement(this.options.em.fork(), purgeExpiredSql, [since]);
    return { ...named, purged };
  }

  /**
   * Stores lookups made elsewhere as if they had been made now (the demo without dnsmasq writes
   * its zone this way), with the service map and ASN data applied as for any lookup.
   */
  async store(lookups: readonly ReverseDnsLookup[]): Promise<void> {
    const now = this.options.clock();
    const ips = lookups.map((lookup) => lookup.ip);
    const [previous, networks] = await this.#readFacts(ips);
    await this.#write(lookups.map((lookup) => this.#row(lookup, previous.get(lookup.ip), networks.get(lookup.ip), now)), await this.options.map());
  }

  /**
   * Counts each address again under the current map (after an operator's entry changed it):
   * every row named by one of `baseDomains` or in one of `asns`. Returns how many rows changed.
   */
  async reassign(change: { readonly baseDomains: readonly string[]; readonly asns: readonly number[] }): Promise<number> {
    const rows = await selectRows<NameCacheRow>(this.options.em.fork(), selectAffectedSql, [change.baseDomains, change.asns]);
    if (rows.length === 0) return 0;
    const map = await this.options.map();
    const updated = rows.map((row) => {
      const identity = identify({ ip: row.ip, confirmedName: row.confirmed_name, asn: row.asn, asOrganization: row.as_organization }, map);
      return { ...row, sender_key: identity.key, sender_name: identity.name, sender_type: identity.type, sender_category: identity.category, naming_source: identity.source };
    });
    await this.#upsert(updated);
    return updated.filter((row, i) => row.sender_key !== rows[i]!.sender_key || row.sender_name !== rows[i]!.sender_name).length;
  }

  /** Stops naming: waiting addresses are dropped (the naming job names them later), the batch under way ends. */
  async stop(): Promise<void> {
    this.#closed = true;
    this.#pending.clear();
    await this.idle().catch(() => {});
  }

  async #drain(): Promise<void> {
    while (this.#pending.size > 0 && !this.#closed) {
      await this.#pauseInIngestion();
      if (this.#closed) break;
      const batch: string[] = [];
      for (const ip of this.#pending) {
        batch.push(ip);
        this.#pending.delete(ip);
        if (batch.length >= this.#batchSize) break;
      }
      try {
        await this.nameNow(batch);
      } catch (error) {
        // The database is away: these addresses wait for the naming job.
        if (!this.#closed) this.options.logger.warn({ err: error, addresses: batch.length }, 'could not name senders; the name-senders job will');
      }
    }
    if (this.#dropped > 0) {
      this.options.logger.warn({ dropped: this.#dropped, maxPending: this.#maxPending }, 'sender naming queue was full; the name-senders job names the rest');
      this.#dropped = 0;
    }
  }

  /** Resolves once ingestion pauses (no file in progress, no report for QUIET_MS), after MAX_DEFER_MS, or at once when stopping. */
  async #pauseInIngestion(): Promise<void> {
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      const paused = now - this.#lastEnqueued >= QUIET_MS && !(this.options.ingestionBusy?.() ?? false);
      if (paused || now - started >= MAX_DEFER_MS || this.#closed) return;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
  }

  async #nameBatch(ips: readonly string[], force: boolean): Promise<SendersNamed> {
    const now = this.options.clock();
    let due = ips;
    if (!force) {
      const fresh = await selectRows<{ ip: string; expires_at: Date }>(this.options.em.fork(), selectFreshSql, [ips, now]);
      const freshIps = new Set<string>();
      for (const row of fresh) {
        const ip = canonical(row.ip);
        freshIps.add(ip);
        this.#fresh.remember(ip, new Date(row.expires_at).getTime());
      }
      due = ips.filter((ip) => !freshIps.has(ip));
    }
    if (due.length === 0) return { addresses: 0, reverseDns: emptyCounts(), named: 0, senders: [] };
    const [[previous, networks], looked] = await Promise.all([
      this.#readFacts(due),
      Promise.all(due.map((ip) => forwardConfirmedName(ip, this.options.resolver))),
    ]);
    // Shutting down (naming stopped, or the resolver closed): cancelled lookups are no answers worth keeping.
    const lookups = this.#closed ? [] : looked.filter((lookup) => lookup.error !== 'ECANCELLED');
    if (lookups.length === 0) return { addresses: 0, reverseDns: emptyCounts(), named: 0, senders: [] };
    const map = await this.options.map();
    const rows = lookups.map((lookup) => this.#row(lookup, previous.get(lookup.ip), networks.get(lookup.ip), now));
    const written = await this.#write(rows, map);
    const outcome: SendersNamed = {
      addresses: written.length,
      reverseDns: lookups.reduce((counts, lookup) => ((counts[lookup.status] += 1), counts), emptyCounts()),
      named: written.filter((row) => row.naming_source !== 'NONE').length,
      senders: [...new Set(written.map((row) => row.sender_key))],
    };
    await this.options.events?.emit('sendersNamed', outcome);
    return outcome;
  }

  async #readFacts(ips: readonly string[]): Promise<[Map<string, NameCacheRow>, Map<string, { asn: number; asOrganization: string | null }>]> {
    const [rows, networks] = await Promise.all([
      selectRows<NameCacheRow>(this.options.em.fork(), selectRowsSql, [ips]),
      selectRows<{ ip: string; asn: number; as_organization: string | null }>(this.options.em.fork(), selectNetworksSql, [ips]),
    ]);
    return [
      new Map(rows.map((row) => [canonical(row.ip), row])),
      new Map(networks.map((row) => [canonical(row.ip), { asn: Number(row.asn), asOrganization: row.as_organization }])),
    ];
  }

  /** The row a lookup leaves, before identity: a failure keeps the names known before. */
  #row(lookup: ReverseDnsLookup, previous: NameCacheRow | undefined, network: { asn: number; asOrganization: string | null } | undefined, now: Date): Draft {
    const { ttl } = this.options;
    const keepPrevious = lookup.status === 'FAILED' && previous !== undefined && previous.reverse_dns !== 'FAILED';
    const expiresIn =
      lookup.status === 'CONFIRMED'
        ? ttl.positiveDays * DAY_MS
        : lookup.status === 'FAILED'
          ? Math.min(RETRY_AFTER_FAILURE_MS, ttl.negativeHours * HOUR_MS)
          : ttl.negativeHours * HOUR_MS;
    return {
      ip: lookup.ip,
      reverse_dns: keepPrevious ? previous.reverse_dns : lookup.status,
      ptr_name: keepPrevious ? previous.ptr_name : lookup.ptrName,
      confirmed_name: keepPrevious ? previous.confirmed_name : lookup.confirmedName,
      dns_error: lookup.error,
      asn: network?.asn ?? previous?.asn ?? null,
      as_organization: network?.asOrganization ?? previous?.as_organization ?? null,
      looked_up_at: now,
      expires_at: new Date(now.getTime() + expiresIn),
    };
  }

  async #write(drafts: readonly Draft[], map: ServiceMap): Promise<NameCacheRow[]> {
    const rows = drafts.map((draft): NameCacheRow => {
      const identity = identify({ ip: draft.ip, confirmedName: draft.confirmed_name, asn: draft.asn, asOrganization: draft.as_organization }, map);
      return {
        ...draft,
        base_domain: identity.baseDomain,
        sender_key: identity.key,
        sender_name: identity.name,
        sender_type: identity.type,
        sender_category: identity.category,
        naming_source: identity.source,
      };
    });
    await this.#upsert(rows);
    return rows;
  }

  async #upsert(rows: readonly NameCacheRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = upsertColumns.map(([column]) => rows.map((row) => row[column]));
    await executeStatement(this.options.em.fork(), upsertRowsSql, columns);
    for (const row of rows) this.#fresh.remember(row.ip, new Date(row.expires_at).getTime());
  }
}

type Draft = Omit<NameCacheRow, 'base_domain' | 'sender_key' | 'sender_name' | 'sender_type' | 'sender_category' | 'naming_source'>;

/** PostgreSQL prints IPv6 its own way: key rows by our canonical text. */
function canonical(ip: string): string {
  return parseIpAddress(ip)?.text ?? ip;
}
