import { getDomain } from 'tldts';
import type { BundledMap, ServiceEntry } from './bundled-map.js';
import type { SenderType } from './sender-types.js';

/** An operator's own entry (sender_map_entries): a base domain or an ASN named their way. */
export interface OperatorMapEntry {
  readonly id: string;
  readonly baseDomain: string | null;
  readonly asn: number | null;
  readonly name: string;
  readonly type: SenderType;
  readonly comment: string | null;
  readonly createdBy: string;
  readonly updatedAt: Date;
}

/** Where a map answer came from. */
export type MapSource = 'OPERATOR_MAP' | 'SERVICE_MAP' | 'ASN_MAP';

export interface MapMatch extends ServiceEntry {
  readonly source: MapSource;
}

/**
 * The service map: base domain or ASN → service. The operator's entries win over the bundled
 * ones (parsedmarc's map, our forwarders and ASNs).
 */
export class ServiceMap {
  readonly #domains = new Map<string, ServiceEntry>();
  readonly #asns = new Map<number, ServiceEntry>();

  constructor(
    private readonly bundled: BundledMap,
    operatorEntries: readonly OperatorMapEntry[] = [],
  ) {
    for (const entry of operatorEntries) {
      const service = { name: entry.name, category: entry.type, type: entry.type };
      if (entry.baseDomain !== null) this.#domains.set(entry.baseDomain, service);
      if (entry.asn !== null) this.#asns.set(entry.asn, service);
    }
  }

  /**
   * The base domain of a host name as the map keys it: a suffix of psl_overrides.txt folds it
   * (`1-2-3-4-foo.com` → `foo.com`), otherwise the registrable domain by the Public Suffix List
   * (ICANN section: `ec2-….compute-1.amazonaws.com` → `amazonaws.com`). Null for what has none.
   */
  baseDomain(hostname: string): string | null {
    const host = hostname.trim().toLowerCase().replace(/\.$/, '');
    if (host === '') return null;
    for (const suffix of this.bundled.foldSuffixes) {
      if (host.endsWith(suffix)) return suffix.replace(/^[.-]/, '');
    }
    return getDomain(host, { allowPrivateDomains: false }) ?? null;
  }

  byDomain(baseDomain: string): MapMatch | undefined {
    const own = this.#domains.get(baseDomain);
    if (own) return { ...own, source: 'OPERATOR_MAP' };
    const bundled = this.bundled.domains.get(baseDomain);
    return bundled && { ...bundled, source: 'SERVICE_MAP' };
  }

  byAsn(asn: number): MapMatch | undefined {
    const own = this.#asns.get(asn);
    if (own) return { ...own, source: 'OPERATOR_MAP' };
    const bundled = this.bundled.asns.get(asn);
    return bundled && { ...bundled, source: 'ASN_MAP' };
  }

  /** A known forwarder or list server by a domain it signs with or sends from (DKIM d=, SPF domain). */
  forwarderOf(domain: string): MapMatch | undefined {
    const base = this.baseDomain(domain);
    const match = base === null ? undefined : this.byDomain(base);
    return match?.type === 'FORWARDER' ? match : undefined;
  }
}
