import { Xoshiro128 } from '../isolation-forest/prng.js';
import { DAY_MS } from '../day-windows.js';
import { CAMPAIGN_FIRST_OCTET, REPORTERS, SENDER_PROFILES, type SenderProfile } from './sender-profiles.js';
import { RecordColumns, type GeneratedReport, type GeneratedTraffic, type SenderRole } from './traffic-model.js';

export interface CampaignOptions {
  /** Source IPs of the spoofing campaign (a few hundred in practice). */
  readonly ips: number;
  /** The policy domain being spoofed; default the first domain. */
  readonly domain?: string;
  /** The campaign runs within the last `withinLastDays` days... */
  readonly withinLastDays?: number;
  /** ...each IP on at most this many of them. */
  readonly maxActiveDays?: number;
}

export interface TrafficOptions {
  readonly seed: number;
  readonly days: number;
  /** The last UTC day generated (default today). */
  readonly endDate?: Date;
  readonly domains?: readonly { name: string; policy: 'none' | 'quarantine' | 'reject' }[];
  /** Legitimate source IPs per role. */
  readonly providers?: number;
  readonly forwarders?: number;
  readonly mailingLists?: number;
  readonly smallSenders?: number;
  readonly campaign?: CampaignOptions;
  /** A legitimate provider IP whose account is taken over in the last days (a spam run). */
  readonly compromised?: CompromisedSenderOptions;
  /**
   * The address of a role's `index`-th IP. Default: synthetic ranges by role (40.x, 60.x, …, 185.x);
   * the demo uses ranges that geolocate to real countries. Must give distinct addresses.
   */
  readonly addresses?: (role: SenderRole, index: number) => string;
}

export interface CompromisedSenderOptions {
  /** The spam run covers the last `days` days (default 3)... */
  readonly days?: number;
  /** ...at this many times the provider's usual volume per record (default 40). */
  readonly volumeFactor?: number;
}

const DEFAULT_DOMAINS = [
  { name: 'example.com', policy: 'reject' },
  { name: 'example.org', policy: 'quarantine' },
  { name: 'example.net', policy: 'none' },
] as const;

/**
 * Deterministic DMARC traffic: the same options give the same reports and records, so tests,
 * benchmarks and demo data can rely on them. Each legitimate IP sends for one domain; the campaign
 * spoofs one domain from brand-new IPs, failing both alignments, in bursts on a few recent days.
 */
export function generateTraffic(options: TrafficOptions): GeneratedTraffic {
  const random = new Xoshiro128(options.seed);
  const address = options.addresses ?? defaultAddress;
  const domains = options.domains ?? DEFAULT_DOMAINS;
  const end = options.endDate ?? new Date();
  const lastDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const firstDay = lastDay - (options.days - 1) * DAY_MS;
  const reports: GeneratedReport[] = [];
  const reportIndex = new Map<string, number>();
  const records = new RecordColumns();

  const reportFor = (org: string, domainIndex: number, day: number): number => {
    const key = `${org}|${domainIndex}|${day}`;
    let index = reportIndex.get(key);
    if (index === undefined) {
      const domain = domains[domainIndex]!;
      index = reports.length;
      reports.push({
        orgName: org,
        reportId: `gen-${options.seed}-${index}`,
        policyDomain: domain.name,
        policyP: domain.policy,
        dateBegin: new Date(firstDay + day * DAY_MS),
        dateEnd: new Date(firstDay + (day + 1) * DAY_MS - 1000),
        recordCount: 0,
        messageCount: 0,
      });
      reportIndex.set(key, index);
    }
    return index;
  };
  const addRecord = (report: number, ip: string, count: number, dkim: boolean, spf: boolean, headerFrom: string) => {
    const r = reports[report]!;
    const dmarcPass = dkim || spf;
    records.push({
      reportIndex: report,
      sourceIp: ip,
      count,
      disposition: dmarcPass ? 'none' : failDisposition(r.policyP, random),
      dkimAligned: dkim ? 'pass' : 'fail',
      spfAligned: spf ? 'pass' : 'fail',
      headerFrom,
      envelopeFrom: spf ? headerFrom : `bounces.${ip.replaceAll('.', '-')}.example-relay.net`,
    });
    r.recordCount += 1;
    r.messageCount += count;
  };

  const counts = {
    provider: options.providers ?? 60,
    forwarder: options.forwarders ?? 40,
    mailingList: options.mailingLists ?? 20,
    smallSender: options.smallSenders ?? 200,
  };
  for (const role of Object.keys(counts) as (keyof typeof counts)[]) {
    const profile = SENDER_PROFILES[role];
    for (let i = 0; i < counts[role]; i++) {
      const ip = address(role, i);
      const domainIndex = i % domains.length;
      const domain = domains[domainIndex]!.name;
      for (let day = 0; day < options.days; day++) {
        if (random.nextFloat() >= profile.dailyActivity) continue;
        for (const org of pickReporters(profile, random)) {
          const count = logNormalCount(profile.medianCount, random);
          addRecord(reportFor(org, domainIndex, day), ip, count, random.nextFloat() < profile.dkimPass, random.nextFloat() < profile.spfPass, domain);
        }
      }
    }
  }

  const campaignIps: string[] = [];
  if (options.campaign && options.campaign.ips > 0) {
    const { ips, withinLastDays = 5, maxActiveDays = 3 } = options.campaign;
    const target = options.campaign.domain ?? domains[0]!.name;
    const domainIndex = Math.max(0, domains.findIndex((d) => d.name === target));
    const window = Math.min(withinLastDays, options.days);
    for (let i = 0; i < ips; i++) {
      const ip = address('campaign', i);
      campaignIps.push(ip);
      const activeDays = 1 + random.nextInt(maxActiveDays);
      for (let d = 0; d < activeDays; d++) {
        const day = options.days - 1 - random.nextInt(window);
        for (let r = 0; r < 2 + random.nextInt(REPORTERS.length - 1); r++) {
          const org = REPORTERS[random.nextInt(REPORTERS.length)]!;
          // Bursty: a few hundred messages at once, From: the domain or a look-alike subdomain.
          const headerFrom = random.nextFloat() < 0.5 ? target : `${['secure', 'billing', 'login', 'mail'][random.nextInt(4)]}.${target}`;
          addRecord(reportFor(org, domainIndex, day), ip, logNormalCount(150, random), false, false, headerFrom);
        }
      }
    }
  }

  const compromisedIps: string[] = [];
  if (options.compromised && counts.provider > 0) {
    // The first provider IP: it keeps its DKIM key and SPF record (the provider is legitimate), so
    // only the volume, the reporters and the failing DKIM signatures of the stolen account stand out.
    const { days = 3, volumeFactor = 40 } = options.compromised;
    const ip = address('provider', 0);
    compromisedIps.push(ip);
    for (let day = Math.max(0, options.days - days); day < options.days; day++) {
      for (const org of REPORTERS) {
        const count = logNormalCount(SENDER_PROFILES.provider.medianCount * volumeFactor, random);
        addRecord(reportFor(org, 0, day), ip, count, random.nextFloat() < 0.3, true, domains[0]!.name);
      }
    }
  }

  return {
    reports,
    records,
    campaignIps,
    compromisedIps,
    ipCount: { ...counts, campaign: campaignIps.length } satisfies Record<SenderRole, number>,
    firstDay: new Date(firstDay),
    lastDay: new Date(lastDay),
  };
}

function pickReporters(profile: SenderProfile, random: Xoshiro128): string[] {
  const n = 1 + random.nextInt(profile.maxReporters);
  const start = random.nextInt(REPORTERS.length);
  return Array.from({ length: n }, (_, k) => REPORTERS[(start + k) % REPORTERS.length]!);
}

/** Receivers apply the policy, with the occasional local override. */
function failDisposition(policy: 'none' | 'quarantine' | 'reject', random: Xoshiro128): string {
  if (policy === 'none' || random.nextFloat() < 0.05) return 'none';
  return policy;
}

function logNormalCount(median: number, random: Xoshiro128): number {
  // Box-Muller; sigma 0.8 gives the long tail of real sending volumes.
  const u = Math.max(random.nextFloat(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
  return Math.max(1, Math.round(median * Math.exp(0.8 * z)));
}

function defaultAddress(role: SenderRole, index: number): string {
  // Spread over the range so campaign IPs do not sit in one tidy block.
  return role === 'campaign' ? ipAddress(CAMPAIGN_FIRST_OCTET, index * 7919) : ipAddress(SENDER_PROFILES[role].firstOctet, index);
}

function ipAddress(firstOctet: number, index: number): string {
  const n = index + 1;
  return `${firstOctet}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
