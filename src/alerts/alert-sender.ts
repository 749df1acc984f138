import type { AlertCandidate } from './raise-alerts.js';

/**
 * Who an alert's source is, as src/senders named and classified it when the alert was raised or
 * last refreshed (stored with the alert in `alerts.sender`). Plain data, so this module needs
 * nothing from src/senders to be built and tested.
 */
export interface AlertSender {
  /** The Sender id (`sender(id)`). */
  readonly id: string;
  /** The policy domain it was classified for. */
  readonly domain: string;
  readonly name: string;
  readonly type: string;
  readonly classification: string;
  readonly confidence: number;
  /** The operator's word on it for that domain: APPROVED, REJECTED or UNDECIDED. */
  readonly approval: string;
  /** "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)". */
  readonly summary: string;
}

/** What the alert service needs of the senders (SenderService.summarize). */
export interface AlertSenderSource {
  summarize(sources: readonly { readonly ip: string; readonly domain: string }[], window: { readonly from: Date; readonly to: Date }): Promise<(AlertSender | null)[]>;
}

/**
 * Severity from the operator's approvals: an alert about a sender approved for the domain keeps
 * this share of its score; one about a rejected sender moves this far towards 1.
 */
export const APPROVED_SEVERITY_FACTOR = 0.5;
export const REJECTED_SEVERITY_STEP = 0.5;

/** The candidate with its sender, its severity adjusted by the approval, and a reason saying so. */
export function withSender(candidate: AlertCandidate, sender: AlertSender | null): AlertCandidate {
  if (sender === null) return { ...candidate, sender: null };
  if (sender.approval === 'APPROVED') {
    return {
      ...candidate,
      sender,
      score: candidate.score * APPROVED_SEVERITY_FACTOR,
      reasons: [...candidate.reasons, `${sender.name} is an approved sender for ${sender.domain}: severity lowered from ${candidate.score.toFixed(2)}`],
    };
  }
  if (sender.approval === 'REJECTED') {
    return {
      ...candidate,
      sender,
      score: candidate.score + (1 - candidate.score) * REJECTED_SEVERITY_STEP,
      reasons: [...candidate.reasons, `${sender.name} is a rejected sender for ${sender.domain}: severity raised from ${candidate.score.toFixed(2)}`],
    };
  }
  return { ...candidate, sender };
}

/**
 * The sender an alert speaks of among those of its domains: the alert's own domain for a rule
 * alert; for a model alert (all the source's domains) one rejected for any domain, else one
 * approved for every domain it sent for, else the first.
 */
export function pickSender(candidate: AlertCandidate, byDomain: ReadonlyMap<string, AlertSender | null>): AlertSender | null {
  if (candidate.dedupDomain !== '') return byDomain.get(candidate.dedupDomain) ?? null;
  const found = candidate.domains.map((domain) => byDomain.get(domain)).filter((s): s is AlertSender => s != null);
  if (found.length === 0) return null;
  const rejected = found.find((s) => s.approval === 'REJECTED');
  if (rejected) return rejected;
  return found.find((s) => s.approval !== 'APPROVED') ?? found[0]!;
}

/**
 * Every candidate with its sender and adjusted severity, in one summarize call per detection
 * window. A candidate about a domain rather than a source (TLS_FAILURES) has no sender.
 */
export async function attachSenders(candidates: readonly AlertCandidate[], source: AlertSenderSource | undefined): Promise<AlertCandidate[]> {
  if (source === undefined || candidates.length === 0) return [...candidates];
  const byWindow = new Map<string, (AlertCandidate & { readonly sourceIp: string })[]>();
  for (const candidate of candidates) {
    if (candidate.sourceIp === null) continue;
    const key = `${candidate.windowStart.getTime()}|${candidate.windowEnd.getTime()}`;
    byWindow.set(key, [...(byWindow.get(key) ?? []), candidate as AlertCandidate & { readonly sourceIp: string }]);
  }
  const result = new Map<AlertCandidate, AlertCandidate>();
  for (const group of byWindow.values()) {
    const sources = group.flatMap((c) => c.domains.map((domain) => ({ ip: c.sourceIp, domain })));
    const { windowStart, windowEnd } = group[0]!;
    const summaries = await source.summarize(sources, { from: windowStart, to: windowEnd });
    const found = new Map<string, AlertSender | null>();
    sources.forEach((s, i) => found.set(`${s.ip}|${s.domain}`, summaries[i] ?? null));
    for (const candidate of group) {
      const byDomain = new Map(candidate.domains.map((domain) => [domain, found.get(`${candidate.sourceIp}|${domain}`) ?? null]));
      result.set(candidate, withSender(candidate, pickSender(candidate, byDomain)));
    }
  }
  return candidates.map((c) => result.get(c) ?? c);
}
