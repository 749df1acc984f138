import { Resolver } from 'node:dns/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DnsServers } from './dns-servers.js';
import { DnsQueryError } from './dns-query-error.js';

/** The record types the resolver answers, and what each answer is (node:dns's shapes, which mailauth expects). */
export interface DnsAnswers {
  A: string[];
  AAAA: string[];
  PTR: string[];
  CNAME: string[];
  NS: string[];
  TXT: string[][];
  MX: { exchange: string; priority: number }[];
}
export type DnsRecordType = keyof DnsAnswers;

export interface DnsResolverOptions {
  readonly servers: DnsServers;
  /** A query unanswered after this long fails with ETIMEOUT (DNS_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** Queries in flight at once, across every caller of this resolver (DNS_CONCURRENCY). */
  readonly concurrency: number;
}

/** What the resolver has done since it was made: for logs, benchmarks and health. */
export interface DnsStats {
  readonly queries: number;
  /** Failures by code (ENOTFOUND and ENODATA are answers, not failures: not counted here). */
  readonly failures: Readonly<Record<string, number>>;
  readonly inFlight: number;
  readonly waiting: number;
  /** The most queries that were in flight at once. */
  readonly peakInFlight: number;
  readonly concurrency: number;
}

const METHODS = {
  A: 'resolve4',
  AAAA: 'resolve6',
  PTR: 'resolvePtr',
  CNAME: 'resolveCname',
  NS: 'resolveNs',
  TXT: 'resolveTxt',
  MX: 'resolveMx',
} as const satisfies Record<DnsRecordType, keyof Resolver>;

/**
 * The one DNS resolver of the process, built from DNS_SERVERS: every query has a deadline
 * (DNS_TIMEOUT_MS) and at most DNS_CONCURRENCY queries are in flight at once, whoever asks (sender
 * naming, DNS posture checks through `forMailauth()`). Errors are DnsQueryError with node's codes
 * (ENOTFOUND, ENODATA, ETIMEOUT, ESERVFAIL, ECONNREFUSED, ...), so mailauth reads them as it reads
 * node's own. With DNS_SERVERS=none every query fails at once with EDNSOFF.
 */
export class DnsResolver {
  readonly #resolver: Resolver | undefined;
  readonly #limit: LimitFunction;
  readonly #failures: Record<string, number> = {};
  #queries = 0;
  #peak = 0;
  #closed = false;

  constructor(readonly options: DnsResolverOptions) {
    // Queued queries of a closed resolver are rejected, so nobody awaits them forever.
    this.#limit = pLimit({ concurrency: options.concurrency, rejectOnClear: true });
    if (options.servers.kind === 'none') return;
    // One try per server: the deadline below is the bound a caller sees, retries are the caller's choice.
    this.#resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
    if (options.servers.kind === 'list') this.#resolver.setServers([...options.servers.servers]);
  }

  /** False with DNS_SERVERS=none. */
  get enabled(): boolean {
    return this.#resolver !== undefined;
  }

  /** The servers asked, as node reports them (empty when DNS is off). */
  get servers(): string[] {
    return this.#resolver?.getServers() ?? [];
  }

  /** One query; the answer in node:dns's shape for `rrtype`. */
  query<T extends DnsRecordType>(name: string, rrtype: T): Promise<DnsAnswers[T]> {
    const resolver = this.#resolver;
    if (resolver === undefined) return Promise.reject(new DnsQueryError('EDNSOFF', name, rrtype, 'DNS is turned off (DNS_SERVERS=none)'));
    if (this.#closed) return Promise.reject(new DnsQueryError('ECANCELLED', name, rrtype, 'the resolver is closed'));
    return this.#limit(async () => {
      if (this.#closed) throw new DnsQueryError('ECANCELLED', name, rrtype, 'the resolver is closed');
      this.#queries += 1;
      this.#peak = Math.max(this.#peak, this.#limit.activeCount);
      try {
        const lookup = (resolver[METHODS[rrtype]] as (name: string) => Promise<DnsAnswers[T]>).call(resolver, name);
        return await withDeadline(lookup, this.options.timeoutMs, () => new DnsQueryError('ETIMEOUT', name, rrtype, `no answer within ${this.options.timeoutMs} ms`));
      } catch (error) {
        const failure = DnsQueryError.from(error, name, rrtype);
        if (!failure.isAnswer) this.#failures[failure.code] = (this.#failures[failure.code] ?? 0) + 1;
        throw failure;
      }
    });
  }

  /**
   * The resolver in the shape mailauth 7 takes (`resolver: (name, rrtype) => Promise<records>`,
   * like `dns.promises.resolve`), so SPF, DMARC, DKIM and MTA-STS checks share this resolver's
   * servers, deadline and concurrency bound.
   */
  forMailauth(): (name: string, rrtype: string) => Promise<unknown> {
    return (name, rrtype) => {
      const type = rrtype.toUpperCase();
      if (!(type in METHODS)) return Promise.reject(new DnsQueryError('ENOTIMP', name, type, `record type ${rrtype} is not supported`));
      return this.query(name, type as DnsRecordType);
    };
  }

  stats(): DnsStats {
    return {
      queries: this.#queries,
      failures: { ...this.#failures },
      inFlight: this.#limit.activeCount,
      waiting: this.#limit.pendingCount,
      peakInFlight: this.#peak,
      concurrency: this.options.concurrency,
    };
  }

  /** Cancels every query in flight (ECANCELLED) and refuses new ones: for shutdown. */
  close(): void {
    this.#closed = true;
    this.#limit.clearQueue();
    this.#resolver?.cancel();
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number, timeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeout()), ms);
  });
  // A late answer or failure of a query that missed its deadline is dropped on purpose.
  promise.catch(() => {});
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
