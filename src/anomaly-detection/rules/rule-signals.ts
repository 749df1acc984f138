import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import { DAY_MS, num, previousWindow, type DayWindow } from '../day-windows.js';
import { clampScore, RULE_THRESHOLDS, type RuleSignal } from './rule-signal.js';
import { newCountrySql, newSendingIpSql, passRateSql, topSendersSql, volumeSpikeSql } from './rule-sql.js';

/** Every rule over the window, in a stable order (kind, domain, IP). */
export async function evaluateRules(em: EntityManager, window: DayWindow, domain?: string | null): Promise<RuleSignal[]> {
  const d = domain ? domain.toLowerCase() : null;
  const groups = await Promise.all([newSendingIps(em, window, d), newCountries(em, window, d), volumeSpikes(em, window, d), passRateDrops(em, window, d)]);
  return groups.flat();
}

const iso = (date: Date) => date.toISOString();
const isoDay = (date: Date) => iso(date).slice(0, 10);
const pct = (rate: number) => `${Math.round(rate * 100)}%`;
const withDomain = (params: unknown[], domain: string | null) => (domain ? [...params, domain] : params);

async function newSendingIps(em: EntityManager, window: DayWindow, domain: string | null): Promise<RuleSignal[]> {
  const rows = await selectRows<{ domain: string; ip: string; messages: string; dmarc_pass: string; first_seen: Date | string }>(em, newSendingIpSql(Boolean(domain)), [
    ...withDomain([iso(window.start), iso(window.end)], domain),
    iso(window.start),
    iso(window.start),
    RULE_THRESHOLDS.maxNewIpSignals,
  ]);
  return rows.map((row) => {
    const messages = num(row.messages);
    const passRate = messages > 0 ? num(row.dmarc_pass) / messages : 0;
    return {
      kind: 'NEW_SENDING_IP',
      domain: row.domain,
      sourceIp: row.ip,
      // A new IP is worth a look; a new IP failing DMARC much more so.
      score: clampScore(0.4 + 0.6 * (1 - passRate)),
      text: `${row.ip} never sent for ${row.domain} before ${isoDay(window.start)}: ${messages} message(s), DMARC pass rate ${pct(passRate)}`,
      evidence: { messages, dmarcPassRate: passRate },
      context: { firstSeen: new Date(row.first_seen).toISOString() },
    } satisfies RuleSignal;
  });
}

async function newCountries(em: EntityManager, window: DayWindow, domain: string | null): Promise<RuleSignal[]> {
  const rows = await selectRows<{ domain: string; country_code: string; country_name: string | null; messages: string; ips: string; top_ip: string }>(
    em,
    newCountrySql(Boolean(domain)),
    [...withDomain([iso(window.start), iso(window.end)], domain), iso(window.start)],
  );
  return rows.map((row) => ({
    kind: 'NEW_COUNTRY',
    domain: row.domain,
    sourceIp: row.top_ip,
    score: clampScore(0.6),
    text: `first mail for ${row.domain} from ${row.country_name ?? row.country_code} (${row.country_code}): ${num(row.messages)} message(s) from ${num(row.ips)} IP(s)`,
    evidence: { messages: num(row.messages), ips: num(row.ips) },
    context: { countryCode: row.country_code, countryName: row.country_name },
  }));
}

async function volumeSpikes(em: EntityManager, window: DayWindow, domain: string | null): Promise<RuleSignal[]> {
  const baselineStart = new Date(window.start.getTime() - RULE_THRESHOLDS.spikeBaselineDays * DAY_MS);
  const rows = await selectRows<{ domain: string; day: string; messages: string; median: string | number }>(em, volumeSpikeSql(Boolean(domain)), [
    ...withDomain([iso(baselineStart), iso(window.end)], domain),
    isoDay(window.start),
    RULE_THRESHOLDS.spikeMinBaselineDays,
    isoDay(window.start),
    RULE_THRESHOLDS.spikeFactor,
  ]);
  const byDomain = Map.groupBy(rows, (row) => row.domain);
  const signals: RuleSignal[] = [];
  for (const [spikeDomain, days] of byDomain) {
    const peak = days[0]!; // ordered by volume, largest first
    const median = num(peak.median);
    const ratio = num(peak.messages) / median;
    const dayStart = new Date(`${peak.day}T00:00:00Z`);
    const top = await topSenders(em, spikeDomain, dayStart, new Date(dayStart.getTime() + DAY_MS), false);
    signals.push({
      kind: 'VOLUME_SPIKE',
      domain: spikeDomain,
      sourceIp: top[0]?.ip ?? '0.0.0.0',
      score: clampScore(0.5 + Math.log10(ratio / RULE_THRESHOLDS.spikeFactor)),
      text: `${spikeDomain} received reports of ${num(peak.messages)} messages on ${peak.day}, ${ratio.toFixed(1)}x its trailing median of ${Math.round(median)}`,
      evidence: { messages: num(peak.messages), trailingMedian: median, ratio, spikeDays: days.length },
      context: { day: peak.day, spikeDays: days.map((d) => d.day).sort(), topSenders: top },
    });
  }
  return signals;
}

async function passRateDrops(em: EntityManager, window: DayWindow, domain: string | null): Promise<RuleSignal[]> {
  const previous = previousWindow(window);
  const s = iso(window.start);
  const rows = await selectRows<{ domain: string; messages: string; passed: string; prev_messages: string; prev_passed: string }>(
    em,
    passRateSql(Boolean(domain)),
    withDomain([s, s, s, s, iso(previous.start), iso(window.end)], domain),
  );
  const signals: RuleSignal[] = [];
  for (const row of rows) {
    const messages = num(row.messages);
    const previousMessages = num(row.prev_messages);
    if (messages < RULE_THRESHOLDS.passRateMinMessages || previousMessages < RULE_THRESHOLDS.passRateMinMessages) continue;
    const rate = num(row.passed) / messages;
    const previousRate = num(row.prev_passed) / previousMessages;
    const drop = previousRate - rate;
    if (drop <= RULE_THRESHOLDS.passRateDrop) continue;
    const top = await topSenders(em, row.domain, window.start, window.end, true);
    signals.push({
      kind: 'PASS_RATE_DROP',
      domain: row.domain,
      sourceIp: top[0]?.ip ?? '0.0.0.0',
      score: clampScore(0.5 + drop),
      text: `DMARC pass rate of ${row.domain} fell from ${pct(previousRate)} to ${pct(rate)} (${Math.round(drop * 100)} points)`,
      evidence: { passRate: rate, previousPassRate: previousRate, dropPoints: drop * 100, messages, previousMessages },
      context: { topFailingSenders: top },
    });
  }
  return signals;
}

async function topSenders(em: EntityManager, domain: string, from: Date, to: Date, failingOnly: boolean): Promise<{ ip: string; messages: number }[]> {
  const rows = await selectRows<{ ip: string; messages: string }>(em, topSendersSql(failingOnly), [domain, iso(from), iso(to)]);
  return rows.map((row) => ({ ip: row.ip, messages: num(row.messages) }));
}
