import { featureRow } from '../features/compute-features.js';
import type { WindowAggregateRow } from '../features/feature-sql.js';
import { DAY_MS } from '../day-windows.js';
import { generateTraffic } from '../traffic/index.js';

/**
 * Feature rows of spoofing senders the models have never seen: the traffic generator's campaign
 * (new IPs failing both alignments in bursts), aggregated per IP exactly as computeFeatures does
 * in SQL. Fixed seed: every model is judged against the same planted set.
 */
export function plantedCampaignFeatures(options: { ips?: number; days?: number; seed?: number } = {}): Float64Array[] {
  const days = options.days ?? 7;
  const traffic = generateTraffic({
    seed: options.seed ?? 20_261_201,
    days,
    endDate: new Date(Date.UTC(2026, 0, 31)),
    providers: 1,
    forwarders: 1,
    mailingLists: 1,
    smallSenders: 1,
    campaign: { ips: options.ips ?? 64, withinLastDays: days },
  });
  const campaign = new Set(traffic.campaignIps);
  const perIp = new Map<string, { messages: number; reports: Set<number>; reporters: Set<string>; headerFroms: Set<string>; domains: Set<string>; dmarc: number; spf: number; dkim: number; blocked: number; forwarded: number; days: Set<number> }>();
  const r = traffic.records;
  for (let i = 0; i < r.length; i++) {
    const ip = r.sourceIp[i]!;
    if (!campaign.has(ip)) continue;
    const report = traffic.reports[r.reportIndex[i]!]!;
    const count = r.count[i]!;
    const spf = r.spfAligned[i] === 'pass';
    const dkim = r.dkimAligned[i] === 'pass';
    let a = perIp.get(ip);
    if (!a) {
      a = { messages: 0, reports: new Set(), reporters: new Set(), headerFroms: new Set(), domains: new Set(), dmarc: 0, spf: 0, dkim: 0, blocked: 0, forwarded: 0, days: new Set() };
      perIp.set(ip, a);
    }
    a.messages += count;
    a.reports.add(r.reportIndex[i]!);
    a.reporters.add(report.orgName);
    a.headerFroms.add(r.headerFrom[i]!.toLowerCase());
    a.domains.add(report.policyDomain);
    if (spf || dkim) a.dmarc += count;
    if (spf) a.spf += count;
    if (dkim) a.dkim += count;
    if (r.disposition[i] === 'quarantine' || r.disposition[i] === 'reject') a.blocked += count;
    if (!spf && dkim) a.forwarded += count;
    a.days.add(Math.floor(report.dateBegin.getTime() / DAY_MS));
  }
  return [...perIp.entries()].map(([ip, a]) => {
    const row: WindowAggregateRow = {
      ip,
      messages: a.messages,
      reports: a.reports.size,
      reporters: a.reporters.size,
      header_froms: a.headerFroms.size,
      policy_domain_count: a.domains.size,
      dmarc_pass: a.dmarc,
      spf_pass: a.spf,
      dkim_pass: a.dkim,
      quarantined_rejected: a.blocked,
      forwarded: a.forwarded,
      active_days: a.days.size,
      policy_domains: [...a.domains],
    };
    // New senders: nothing in the previous window.
    return featureRow(row, 0, days);
  });
}
