import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Clock } from '../auth/clock.js';
import type { DomainEvents } from '../events/domain-events.js';
import { principalName, type Principal } from '../auth/principal.js';
import { selectRows } from '../database/raw-sql.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import { parseIpAddress } from '../geolocation/ip-address.js';
import type { Logger } from '../logging/logger.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize } from '../pagination/page.js';
import { requireIntegerBetween } from '../validation/arguments.js';
import { approvalKey, approvalView, SenderApprovals, UNDECIDED, type ApprovalRow } from './approvals.js';
import { classify, senderSummary, type SenderClassification } from './classification/rules.js';
import type { SenderStats } from './classification/sender-stats.js';
import { isNamed, type NamingSource } from './identity.js';
import type { SenderNaming } from './naming/sender-naming.js';
import { decodeSenderId, encodeSenderId, type SenderRef } from './sender-id.js';
import { readDailySeries, readSenderStats } from './sender-stats-reader.js';
import type {
  ApprovalState,
  SenderApprovalAction,
  SenderApprovalChangeView,
  SenderIpView,
  SenderPage,
  SenderSummaryView,
  SenderView,
} from './sender-views.js';
import { addressSentSql, ipsSql, namedSenderExistsSql, scopeWhere, senderKeysSql, senderNameSql, type IpRow } from './senders-sql.js';
import type { SenderType } from './service-map/sender-types.js';
import type { MapEntryInput, ServiceMapStore } from './service-map/service-map-store.js';
import type { OperatorMapEntry, ServiceMap } from './service-map/service-map.js';

export interface SenderFilter {
  readonly domain?: string | null;
  readonly classification?: SenderClassification | null;
  /** true: approved ones; false: the others (undecided or rejected). */
  readonly approved?: boolean | null;
  /** Part of the name, the key (a base domain, an AS number) or an address. */
  readonly search?: string | null;
  /** Senders with an address in this country (ISO 3166-1 alpha-2). */
  readonly countryCode?: string | null;
}

export type SenderOrderField = 'MESSAGES' | 'NAME' | 'DMARC_ALIGNED_RATE' | 'LAST_SEEN' | 'IP_COUNT' | 'CLASSIFICATION';
export interface SenderOrder {
  readonly field: SenderOrderField;
  readonly direction: 'ASC' | 'DESC';
}

/** A sender's approval changed: the payload of the `senderApprovalChanged` event. */
export interface SenderApprovalChanged {
  readonly domain: string;
  readonly senderKey: string;
  readonly senderName: string;
  readonly action: SenderApprovalAction;
  readonly from: ApprovalState | null;
  readonly to: ApprovalState;
  readonly actor: string;
}

export const MAX_SENDER_PAGE = 100;

/** Position in a window's classified, filtered and sorted senders (computed per request, so a position rather than a keyset). */
const senderCursor = cursorCodec<{ list: 'senders'; position: number }>({ list: cursorField.tag('senders'), position: cursorField.integer });
/** Senders of one window classified at most (those with the most messages); the page says when there were more. */
export const MAX_SENDERS = 20_000;
const MAX_SEARCH = 200;
/** How long a window's classified senders serve further requests, for how many windows, up to how many senders each. */
const RECENT_VIEWS_MS = 10_000;
const RECENT_VIEWS_ENTRIES = 8;
const RECENT_VIEWS_MAX_SENDERS = 2_000;
const MAX_TEXT = 2_000;
const DAY_MS = 86_400_000;
/** How bad a classification is: CLASSIFICATION sorts by it (descending: worst first). */
const SEVERITY: Readonly<Record<SenderClassification, number>> = { UNAUTHORIZED: 4, MISCONFIGURED: 3, UNKNOWN: 2, FORWARDER: 1, AUTHORIZED: 0 };

export interface SenderServiceOptions {
  /** Root EntityManager: every call forks its own. */
  readonly em: EntityManager;
  readonly naming: SenderNaming;
  readonly maps: ServiceMapStore;
  readonly clock: Clock;
  /** Approval changes emit `senderApprovalChanged` here. */
  readonly events?: DomainEvents;
  readonly logger: Logger;
}

/**
 * Who is sending as each domain: named senders (src/senders/naming), classified per domain and
 * window by the rules of src/senders/classification/rules.ts, with the operator's approvals
 * (audited) and own map entries. Resolvers, the alert service, the anomaly list and the map's top
 * senders call it.
 */
export class SenderService {
  readonly naming: SenderNaming;
  readonly maps: ServiceMapStore;
  readonly #approvals: SenderApprovals;
  /** The windows' classified senders of the last seconds (#windowViews). */
  readonly #recent = new Map<string, { at: number; views: Promise<{ views: SenderView[]; truncated: boolean }> }>();
  /** One query for every `describe` of one tick (a GraphQL list's items): keys are `ip|domain|days`. */
  readonly #describer = new DataLoader<string, SenderSummaryView | null>((keys) => this.#describeBatch(keys), { cache: false, maxBatchSize: 500 });

  constructor(private readonly options: SenderServiceOptions) {
    this.naming = options.naming;
    this.maps = options.maps;
    this.#approvals = new SenderApprovals(options.em, options.clock);
  }

  /** The senders of the window, per domain, classified, filtered, sorted and paged. */
  async list(filter: SenderFilter, request: { days?: number; orderBy?: SenderOrder | null; first: number; after?: string | null }): Promise<SenderPage> {
    const first = pageSize(request, MAX_SENDER_PAGE);
    const offset = request.after ? senderCursor.decode(request.after).position + 1 : 0;
    const search = filter.search?.trim().toLowerCase() || null;
    if (search !== null && search.length > MAX_SEARCH) throw new BadUserInputError(`search is longer than ${MAX_SEARCH} characters`);
    const countryCode = filter.countryCode?.trim().toUpperCase() || null;
    if (countryCode !== null && !/^[A-Z]{2}$/.test(countryCode)) throw new BadUserInputError('countryCode must be an ISO 3166-1 alpha-2 code, e.g. "DE"');
    const domain = filter.domain?.trim().toLowerCase() || null;
    const window = this.#window(request.days ?? 30);

    const { views, truncated } = await this.#windowViews(window, domain);
    const matching = views.filter(
      (view) =>
        (!filter.classification || view.classification === filter.classification) &&
        (filter.approved == null || (view.approval === 'APPROVED') === filter.approved) &&
        (!countryCode || view.countries.includes(countryCode)) &&
        (!search || view.name.toLowerCase().includes(search) || view.key.toLowerCase().includes(search)),
    );
    matching.sort(comparator(request.orderBy ?? { field: 'MESSAGES', direction: 'DESC' }));
    const positioned = matching.slice(offset, offset + first + 1).map((view, i) => ({ list: 'senders' as const, position: offset + i, view }));
    const page = pageOf(positioned, first, matching.length, senderCursor.encode, ({ view }) => view);
    const withDaily = await this.#withDaily(page.edges.map((edge) => edge.node), window);
    return { ...page, edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: withDaily[i]! })), truncated };
  }

  /**
   * Every sender of one domain over the last `days` days, classified, most messages first (no
   * paging; at most MAX_SENDERS): what DNS posture checks compare a domain's records with.
   */
  async sendersOf(domain: string, days = 30): Promise<SenderView[]> {
    const { views } = await this.#windowViews(this.#window(days), domain.trim().toLowerCase());
    return [...views].sort(comparator({ field: 'MESSAGES', direction: 'DESC' }));
  }

  /** One sender over the window; NOT_FOUND when it sent no mail for the domain in it. */
  async get(id: string, days = 30): Promise<SenderView> {
    const ref = decodeSenderId(id);
    const window = this.#window(days);
    const { stats } = await readSenderStats(this.options.em, { ...window, domains: [ref.domain], keys: [ref.key] }, 1);
    if (stats.length === 0) throw new NotFoundError(`sender ${ref.key} sent no mail for ${ref.domain} in the last ${days} days`);
    const [view] = await this.#withDaily(await this.#views(stats), window);
    return view!;
  }

  /** The sender's addresses over the window, most messages first, with what naming found for each. */
  async ips(id: string, days = 30, first = 50): Promise<SenderIpView[]> {
    const ref = decodeSenderId(id);
    requireIntegerBetween('first', first, 1, 500);
    const params: unknown[] = [];
    const where = scopeWhere({ ...this.#window(days), domains: [ref.domain], keys: [ref.key] }, params);
    const rows = await selectRows<IpRow>(this.options.em.fork(), ipsSql(where, params.length + 1), [...params, first]);
    return rows.map((row) => ({
      ip: parseIpAddress(row.ip)?.text ?? row.ip,
      messages: Number(row.messages),
      dmarcAligned: Number(row.dmarc_aligned),
      reverseDns: row.reverse_dns as SenderIpView['reverseDns'],
      ptrName: row.ptr_name,
      confirmedName: row.confirmed_name,
      dnsError: row.dns_error,
      namingSource: row.naming_source as SenderIpView['namingSource'],
      namedAt: row.looked_up_at === null ? null : new Date(row.looked_up_at),
      countryCode: row.country_code?.toUpperCase() ?? null,
      asn: row.asn === null ? null : Number(row.asn),
      asOrganization: row.as_organization,
    }));
  }

  /** Every approval, rejection and annotation of the sender, oldest first. */
  history(id: string): Promise<SenderApprovalChangeView[]> {
    return this.#approvals.history(decodeSenderId(id));
  }

  approve(id: string, actor: Principal, comment?: string | null): Promise<SenderView> {
    return this.#change(id, 'APPROVE', actor, checkText('comment', comment));
  }

  reject(id: string, actor: Principal, comment?: string | null): Promise<SenderView> {
    return this.#change(id, 'REJECT', actor, checkText('comment', comment));
  }

  /** Back to UNDECIDED. */
  clearApproval(id: string, actor: Principal, comment?: string | null): Promise<SenderView> {
    return this.#change(id, 'CLEAR', actor, checkText('comment', comment));
  }

  /** Sets (or with null, removes) the sender's note for the domain. */
  annotate(id: string, actor: Principal, note: string | null): Promise<SenderView> {
    return this.#change(id, 'ANNOTATE', actor, checkText('note', note));
  }

  mapEntries(): Promise<OperatorMapEntry[]> {
    return this.maps.entries();
  }

  /** Adds or replaces an operator's map entry and counts the addresses it names again. */
  async upsertMapEntry(input: MapEntryInput, actor: Principal): Promise<OperatorMapEntry> {
    const entry = await this.maps.upsert(input, principalName(actor));
    await this.#renameFor(entry);
    return entry;
  }

  async deleteMapEntry(id: string): Promise<OperatorMapEntry> {
    const entry = await this.maps.delete(id);
    await this.#renameFor(entry);
    return entry;
  }

  /**
   * The sender of each source address for a domain over a window (null when the address sent no
   * mail for it then): what alerts store and the anomaly list shows.
   */
  async summarize(sources: readonly { readonly ip: string; readonly domain: string }[], window: { readonly from: Date; readonly to: Date }): Promise<(SenderSummaryView | null)[]> {
    if (sources.length === 0) return [];
    const ips = [...new Set(sources.map((s) => parseIpAddress(s.ip)?.text).filter((ip): ip is string => ip !== undefined))];
    const keyRows = await selectRows<{ ip: string; sender_key: string }>(this.options.em.fork(), senderKeysSql, [ips]);
    const keyOf = new Map(keyRows.map((row) => [row.ip, row.sender_key]));
    const domains = [...new Set(sources.map((s) => s.domain.toLowerCase()))];
    const keys = [...new Set(keyOf.values())];
    const { stats } = await readSenderStats(this.options.em, { ...window, domains, keys }, domains.length * keys.length);
    const views = new Map((await this.#views(stats)).map((view) => [approvalKey(view.domain, view.key), view]));
    return sources.map((source) => {
      const key = keyOf.get(parseIpAddress(source.ip)?.text ?? source.ip);
      const view = key === undefined ? undefined : views.get(approvalKey(source.domain.toLowerCase(), key));
      return view ? toSummary(view) : null;
    });
  }

  /**
   * One source's sender for a domain over a window (the last 30 days by default); the calls of one
   * tick are one batch (a GraphQL list's items ask together).
   */
  describe(ip: string, domain: string, window: { readonly from: Date; readonly to: Date } = this.#window(30)): Promise<SenderSummaryView | null> {
    return this.#describer.load(`${ip}|${domain.toLowerCase()}|${window.from.getTime()}|${window.to.getTime()}`);
  }

  /** The window of the last `days` days, as every query of this service reads it. */
  window(days: number): { from: Date; to: Date } {
    return this.#window(days);
  }

  /** Stops background naming (waiting addresses are left to the name-senders job). */
  stop(): Promise<void> {
    return this.naming.stop();
  }

  async #describeBatch(keys: readonly string[]): Promise<(SenderSummaryView | null)[]> {
    const byWindow = new Map<string, { index: number; ip: string; domain: string }[]>();
    keys.forEach((key, index) => {
      const [ip, domain, from, to] = key.split('|') as [string, string, string, string];
      const group = byWindow.get(`${from}|${to}`) ?? [];
      group.push({ index, ip, domain });
      byWindow.set(`${from}|${to}`, group);
    });
    const answers: (SenderSummaryView | null)[] = keys.map(() => null);
    for (const [window, group] of byWindow) {
      const [from, to] = window.split('|').map(Number) as [number, number];
      const summaries = await this.summarize(group, { from: new Date(from), to: new Date(to) });
      group.forEach((item, i) => (answers[item.index] = summaries[i] ?? null));
    }
    return answers;
  }

  async #change(id: string, action: SenderApprovalAction, actor: Principal, text: string | null): Promise<SenderView> {
    const ref = decodeSenderId(id);
    const identity = await this.#existing(ref);
    const { name } = identity;
    const { row, from } = await this.#approvals.change({ sender: ref, senderName: name, action, actor: principalName(actor), text });
    this.#recent.clear();
    this.options.logger.info({ domain: ref.domain, sender: ref.key, action, from, to: row.state }, 'sender approval changed');
    const event: SenderApprovalChanged = { domain: ref.domain, senderKey: ref.key, senderName: name, action, from, to: row.state, actor: principalName(actor) };
    await this.options.events?.emit('senderApprovalChanged', event);
    return this.get(id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return quietView(ref, identity, row);
      throw error;
    });
  }

  /** The sender's name and type; NOT_FOUND when it never sent mail for the domain. */
  async #existing(ref: SenderRef): Promise<QuietIdentity> {
    const em = this.options.em.fork();
    if (ref.key.startsWith('ip:')) {
      const ip = parseIpAddress(ref.key.slice(3))?.text;
      const [row] = ip ? await selectRows<{ found: boolean }>(em, addressSentSql, [ref.domain, ip]) : [];
      if (!row?.found) throw new NotFoundError(`${ref.key.slice(3)} never sent mail for ${ref.domain}`);
      return { name: ip!, type: 'UNKNOWN', namingSource: 'NONE' };
    }
    const [row] = await selectRows<{ found: boolean }>(em, namedSenderExistsSql, [ref.domain, ref.key]);
    if (!row?.found) throw new NotFoundError(`sender ${ref.key} never sent mail for ${ref.domain}`);
    const [named] = await selectRows<{ sender_name: string; sender_type: string; naming_source: string }>(em, senderNameSql, [ref.key]);
    return { name: named!.sender_name, type: named!.sender_type as SenderType, namingSource: named!.naming_source as NamingSource };
  }

  /**
   * Every sender of a window (and domain), classified: computed once for the requests of a few
   * seconds (the page asks for a list and a count per classification at once), forgotten when an
   * approval or the map changes.
   */
  #windowViews(window: { from: Date; to: Date }, domain: string | null): Promise<{ views: SenderView[]; truncated: boolean }> {
    const key = `${window.from.getTime()}|${window.to.getTime()}|${domain ?? ''}`;
    const now = performance.now();
    const cached = this.#recent.get(key);
    if (cached && now - cached.at < RECENT_VIEWS_MS) return cached.views;
    const views = readSenderStats(this.options.em, { ...window, domains: domain ? [domain] : null }, MAX_SENDERS).then(async ({ stats, truncated }) => ({ views: await this.#views(stats), truncated }));
    this.#recent.set(key, { at: now, views });
    // Small lists only, and a few of them: a window of thousands of senders is computed each time.
    views.then(
      ({ views: list }) => list.length > RECENT_VIEWS_MAX_SENDERS && this.#recent.get(key)?.views === views && this.#recent.delete(key),
      () => this.#recent.delete(key),
    );
    while (this.#recent.size > RECENT_VIEWS_ENTRIES) this.#recent.delete(this.#recent.keys().next().value!);
    return views;
  }

  /** Views of the stats, classified, with the approvals of their domains. */
  async #views(stats: readonly SenderStats[]): Promise<SenderView[]> {
    if (stats.length === 0) return [];
    const [map, approvals] = await Promise.all([this.maps.current(), this.#approvals.forDomains([...new Set(stats.map((s) => s.domain))])]);
    return stats.map((s) => toView(s, map, approvals.get(approvalKey(s.domain, s.key))));
  }

  async #withDaily(views: readonly SenderView[], window: { from: Date; to: Date }): Promise<SenderView[]> {
    if (views.length === 0) return [];
    const series = await readDailySeries(this.options.em, { ...window, domains: [...new Set(views.map((v) => v.domain))], keys: [...new Set(views.map((v) => v.key))] });
    return views.map((view) => ({ ...view, daily: series.get(approvalKey(view.domain, view.key)) ?? [] }));
  }

  /** The last `days` days up to the next whole minute: the same window for every call of one minute (one describe batch). */
  #window(days: number): { from: Date; to: Date } {
    requireIntegerBetween('days', days, 1, 3650);
    const to = Math.ceil((this.options.clock().getTime() + 1) / 60_000) * 60_000;
    return { from: new Date(to - days * DAY_MS), to: new Date(to) };
  }

  async #renameFor(entry: OperatorMapEntry): Promise<void> {
    this.#recent.clear();
    const changed = await this.naming.reassign({ baseDomains: entry.baseDomain ? [entry.baseDomain] : [], asns: entry.asn !== null ? [entry.asn] : [] });
    this.options.logger.info({ baseDomain: entry.baseDomain, asn: entry.asn, renamed: changed }, 'sender map entry changed');
  }
}

interface QuietIdentity {
  readonly name: string;
  readonly type: SenderType;
  readonly namingSource: NamingSource;
}

/** A sender with no mail in the default window (approved or annotated all the same): its approval, no figures. */
function quietView(ref: SenderRef, identity: QuietIdentity, row: ApprovalRow): SenderView {
  const approval = approvalView(row);
  return {
    id: encodeSenderId(ref),
    domain: ref.domain,
    key: ref.key,
    ...identity,
    classification: 'UNKNOWN',
    confidence: 0.5,
    approval: approval.state,
    summary: `${identity.name} (no mail in the last 30 days)`,
    category: null,
    named: isNamed(identity.namingSource),
    evidence: [],
    rule: 'anything else',
    messages: 0,
    dmarcAlignedRate: 0,
    dkimAlignedRate: 0,
    spfAlignedRate: 0,
    firstSeen: new Date(0),
    lastSeen: new Date(0),
    ipCount: 0,
    countries: [],
    dkimSignatures: [],
    spfDomains: [],
    overrideReasons: [],
    approvalDetails: approval,
    note: row.note,
    daily: [],
  };
}

function toView(stats: SenderStats, map: ServiceMap, approval: ApprovalRow | undefined): SenderView {
  const classification = classify({ stats, map });
  const rate = (n: number) => (stats.messages > 0 ? n / stats.messages : 0);
  const approvalDetails = approval ? approvalView(approval) : UNDECIDED;
  return {
    id: encodeSenderId({ domain: stats.domain, key: stats.key }),
    domain: stats.domain,
    key: stats.key,
    name: stats.name,
    type: stats.type,
    namingSource: stats.namingSource,
    classification: classification.classification,
    confidence: classification.confidence,
    approval: approvalDetails.state,
    summary: senderSummary(stats.name, classification),
    category: stats.category,
    named: isNamed(stats.namingSource),
    evidence: classification.evidence,
    rule: classification.rule,
    messages: stats.messages,
    dmarcAlignedRate: rate(stats.dmarcAligned),
    dkimAlignedRate: rate(stats.dkimAligned),
    spfAlignedRate: rate(stats.spfAligned),
    firstSeen: stats.firstSeen,
    lastSeen: stats.lastSeen,
    ipCount: stats.ipCount,
    countries: stats.countries,
    dkimSignatures: stats.signatures.filter((s) => s.method === 'dkim'),
    spfDomains: stats.signatures.filter((s) => s.method === 'spf'),
    overrideReasons: stats.reasons,
    approvalDetails,
    note: approval?.note ?? null,
    daily: [],
  };
}

function toSummary(view: SenderView): SenderSummaryView {
  const { id, domain, key, name, type, namingSource, classification, confidence, approval, summary } = view;
  return { id, domain, key, name, type, namingSource, classification, confidence, approval, summary };
}

function comparator(order: SenderOrder): (a: SenderView, b: SenderView) => number {
  const sign = order.direction === 'ASC' ? 1 : -1;
  const value = (view: SenderView): number | string => {
    switch (order.field) {
      case 'NAME':
        return view.name.toLowerCase();
      case 'DMARC_ALIGNED_RATE':
        return view.dmarcAlignedRate;
      case 'LAST_SEEN':
        return view.lastSeen.getTime();
      case 'IP_COUNT':
        return view.ipCount;
      case 'CLASSIFICATION':
        return SEVERITY[view.classification];
      default:
        return view.messages;
    }
  };
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) return (x < y ? -1 : 1) * sign;
    // Ties: most messages first, then a stable order.
    return b.messages - a.messages || a.id.localeCompare(b.id);
  };
}

function checkText(name: string, text: string | null | undefined): string | null {
  const value = text?.trim() || null;
  if (value !== null && value.length > MAX_TEXT) throw new BadUserInputError(`${name} is longer than ${MAX_TEXT} characters`);
  return value;
}
