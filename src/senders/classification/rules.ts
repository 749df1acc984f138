import { LEGITIMATE_SERVICE_TYPES } from '../service-map/sender-types.js';
import type { ServiceMap } from '../service-map/service-map.js';
import type { AuthSignature, SenderStats } from './sender-stats.js';

export const SENDER_CLASSIFICATIONS = ['AUTHORIZED', 'FORWARDER', 'MISCONFIGURED', 'UNAUTHORIZED', 'UNKNOWN'] as const;
export type SenderClassification = (typeof SENDER_CLASSIFICATIONS)[number];

/** One reason behind a classification, in words, with the share of the sender's messages it holds for. */
export interface SenderEvidence {
  /** Stable, for programs: DMARC_ALIGNED, OWN_DKIM_NOT_ALIGNED, FORWARDING_REASON, ... */
  readonly code: string;
  /** Short, for people: "DKIM d=sendgrid.net, not aligned". */
  readonly text: string;
  /** Share of the sender's messages (0 to 1) it holds for; null when it is not about messages. */
  readonly share: number | null;
}

export interface RuleMatch {
  readonly confidence: number;
  readonly evidence: readonly SenderEvidence[];
}

/** What a rule reads: the stats, and the service map for known list servers. */
export interface RuleInput {
  readonly stats: SenderStats;
  readonly map: ServiceMap;
}

export interface ClassificationRule {
  readonly classification: SenderClassification;
  readonly name: string;
  /** When it applies, as the README's table says it. */
  readonly when: string;
  /** The confidence it gives, as the README's table says it. */
  readonly confidence: string;
  readonly match: (input: RuleInput) => RuleMatch | null;
}

/** Share thresholds of the rules, named so the table and the code say the same. */
const THRESHOLDS = {
  /** DMARC-aligned share from which a sender is authorized. */
  authorized: 0.9,
  /** DMARC-aligned share under which a known service's own authentication makes it misconfigured. */
  misconfiguredBelow: 0.5,
  /** DMARC-aligned share under which an unknown sender is unauthorized. */
  unauthorizedBelow: 0.1,
  /** Share of messages a forwarding reason, ARC pass or signature must hold for. */
  forwarding: 0.5,
  /** Share of messages a list server's or forwarder's DKIM signature must pass on. */
  listServerSignature: 0.25,
  /** Share of messages the service's own DKIM or SPF must pass on. */
  ownAuthentication: 0.5,
  /** Share of messages receivers must have rejected or quarantined for full confidence. */
  receiversReject: 0.5,
} as const;

const pct = (share: number) => `${Math.round(share * 100)}%`;
const share = (stats: SenderStats, messages: number) => (stats.messages > 0 ? Math.min(1, messages / stats.messages) : 0);
const namedThroughAsnOnly = (stats: SenderStats) => stats.namingSource === 'ASN_MAP' || stats.namingSource === 'AS_ORGANIZATION';
const isLegitimateService = (stats: SenderStats) =>
  LEGITIMATE_SERVICE_TYPES.has(stats.type) && ['SERVICE_MAP', 'OPERATOR_MAP', 'ASN_MAP'].includes(stats.namingSource);

/** The non-aligned signature of `method` that passes on most messages. */
function ownSignature(stats: SenderStats, method: AuthSignature['method']): AuthSignature | undefined {
  return stats.signatures.filter((s) => s.method === method && !s.aligned && s.passMessages > 0).sort((a, b) => b.passMessages - a.passMessages)[0];
}

function dmarcEvidence(stats: SenderStats): SenderEvidence {
  const aligned = share(stats, stats.dmarcAligned);
  return { code: 'DMARC_ALIGNED', text: `DMARC aligned on ${pct(aligned)} of ${stats.messages.toLocaleString('en-US')} messages`, share: aligned };
}

/**
 * The classification rules, in order: the first that matches decides. README.md ("Senders") shows
 * this table as `rulesTable()` prints it; a test keeps the two equal.
 */
const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  {
    classification: 'FORWARDER',
    name: 'known forwarder',
    when: 'the service map names it a forwarder or mailing list (forwarders.csv, or an operator entry of type FORWARDER)',
    confidence: '0.9; 0.75 when named from ASN data only',
    match: ({ stats }) =>
      stats.type === 'FORWARDER'
        ? { confidence: namedThroughAsnOnly(stats) ? 0.75 : 0.9, evidence: [{ code: 'KNOWN_FORWARDER', text: `known forwarder or list server (${stats.name})`, share: null }] }
        : null,
  },
  {
    classification: 'FORWARDER',
    name: 'list server signature',
    when: `a DKIM signature of a known forwarder or list server (d=googlegroups.com, d=groups.io, ...) passes on at least ${pct(THRESHOLDS.listServerSignature)} of its messages`,
    confidence: '0.85',
    match: ({ stats, map }) => {
      const signature = stats.signatures
        .filter((s) => s.method === 'dkim' && s.passMessages > 0 && map.forwarderOf(s.domain) !== undefined)
        .sort((a, b) => b.passMessages - a.passMessages)[0];
      const held = signature ? share(stats, signature.passMessages) : 0;
      if (!signature || held < THRESHOLDS.listServerSignature) return null;
      return { confidence: 0.85, evidence: [{ code: 'LIST_SERVER_DKIM', text: `DKIM d=${signature.domain} of ${map.forwarderOf(signature.domain)!.name}`, share: held }] };
    },
  },
  {
    classification: 'FORWARDER',
    name: 'forwarding reported',
    when: `receivers report forwarding on at least ${pct(THRESHOLDS.forwarding)} of its messages: override reason forwarded, mailing_list or trusted_forwarder, or ARC pass (arc=pass in the reason's comment)`,
    confidence: '0.85',
    match: ({ stats }) => {
      const reasons = share(stats, stats.forwardingReasons);
      const arc = share(stats, stats.arcPass);
      if (Math.max(reasons, arc) < THRESHOLDS.forwarding) return null;
      const evidence: SenderEvidence[] = [];
      if (reasons > 0) {
        const types = stats.reasons.filter((r) => ['forwarded', 'mailing_list', 'trusted_forwarder'].includes(r.type)).map((r) => r.type);
        evidence.push({ code: 'FORWARDING_REASON', text: `receivers report ${types.join(', ')}`, share: reasons });
      }
      if (arc > 0) evidence.push({ code: 'ARC_PASS', text: 'ARC pass', share: arc });
      return { confidence: 0.85, evidence: evidence.sort((a, b) => (b.share ?? 0) - (a.share ?? 0)) };
    },
  },
  {
    classification: 'FORWARDER',
    name: 'forwarding signature',
    when: `on at least ${pct(THRESHOLDS.forwarding)} of its messages aligned DKIM passes while the SPF check fails (a re-send breaks SPF, not the signature), and it is not the domain's own server`,
    confidence: '0.7',
    match: ({ stats }) => {
      const held = share(stats, stats.dkimPassSpfFail);
      const ownServer = stats.key === `domain:${stats.domain}`;
      if (ownServer || held < THRESHOLDS.forwarding) return null;
      return { confidence: 0.7, evidence: [{ code: 'FORWARDING_SIGNATURE', text: 'aligned DKIM passes while SPF fails', share: held }] };
    },
  },
  {
    classification: 'AUTHORIZED',
    name: 'aligned pass',
    when: `DMARC passes aligned (DKIM or SPF) on at least ${pct(THRESHOLDS.authorized)} of its messages`,
    confidence: '0.95 when named; 0.8 for an unnamed address',
    match: ({ stats }) => {
      const aligned = share(stats, stats.dmarcAligned);
      if (aligned < THRESHOLDS.authorized) return null;
      const how = stats.dkimAligned >= stats.spfAligned ? 'DKIM' : 'SPF';
      return { confidence: stats.namingSource === 'NONE' ? 0.8 : 0.95, evidence: [{ code: 'DMARC_ALIGNED', text: `aligned ${how} passes`, share: aligned }] };
    },
  },
  {
    classification: 'MISCONFIGURED',
    name: 'service authenticating as itself',
    when: `a known sending service (email provider, ESP / marketing, SaaS, security gateway) aligned on less than ${pct(THRESHOLDS.misconfiguredBelow)} of its messages whose own DKIM signature or SPF domain (not aligned with the policy domain) passes on at least ${pct(THRESHOLDS.ownAuthentication)}: the fix is DKIM for the domain or a custom return path at that service`,
    confidence: '0.85; 0.65 when named from ASN data only',
    match: ({ stats }) => {
      if (!isLegitimateService(stats) || share(stats, stats.dmarcAligned) >= THRESHOLDS.misconfiguredBelow) return null;
      const evidence: SenderEvidence[] = [];
      for (const method of ['dkim', 'spf'] as const) {
        const own = ownSignature(stats, method);
        const held = own ? share(stats, own.passMessages) : 0;
        if (own && held >= THRESHOLDS.ownAuthentication) {
          evidence.push({ code: method === 'dkim' ? 'OWN_DKIM_NOT_ALIGNED' : 'OWN_SPF_NOT_ALIGNED', text: `${method === 'dkim' ? 'DKIM d=' : 'SPF '}${own.domain}, not aligned`, share: held });
        }
      }
      if (evidence.length === 0) return null;
      return { confidence: namedThroughAsnOnly(stats) ? 0.65 : 0.85, evidence };
    },
  },
  {
    classification: 'UNAUTHORIZED',
    name: 'failing, not a known service',
    when: `DMARC aligned on less than ${pct(THRESHOLDS.unauthorizedBelow)} of its messages and not a known sending service (unnamed, ISP / residential, hosting, an organisation, or a name the map does not know)`,
    confidence: `0.9 when receivers rejected or quarantined at least ${pct(THRESHOLDS.receiversReject)} of its messages; 0.7 otherwise`,
    match: ({ stats }) => {
      const aligned = share(stats, stats.dmarcAligned);
      if (isLegitimateService(stats) || aligned >= THRESHOLDS.unauthorizedBelow) return null;
      const rejected = share(stats, stats.rejected);
      const evidence: SenderEvidence[] = [{ code: 'DMARC_FAILS', text: 'DMARC fails', share: 1 - aligned }];
      evidence.push({ code: 'NOT_A_KNOWN_SERVICE', text: stats.namingSource === 'NONE' ? 'no name' : `not a known sending service (${stats.name})`, share: null });
      if (rejected > 0) evidence.push({ code: 'RECEIVERS_REJECT', text: 'receivers reject or quarantine it', share: rejected });
      return { confidence: rejected >= THRESHOLDS.receiversReject ? 0.9 : 0.7, evidence };
    },
  },
  {
    classification: 'UNKNOWN',
    name: 'anything else',
    when: 'no rule above matches: partly aligned, or a known service failing without authenticating as itself',
    confidence: '0.5',
    match: ({ stats }) => ({ confidence: 0.5, evidence: [dmarcEvidence(stats)] }),
  },
];

export interface Classification {
  readonly classification: SenderClassification;
  readonly confidence: number;
  /** The deciding rule's evidence first, then context (DMARC share, receivers' dispositions, PTR names that do not confirm). */
  readonly evidence: readonly SenderEvidence[];
  readonly rule: string;
}

/** The first rule that matches, with its evidence and the context a person wants next to it. */
export function classify(input: RuleInput): Classification {
  for (const rule of CLASSIFICATION_RULES) {
    const match = rule.match(input);
    if (match === null) continue;
    const { stats } = input;
    const evidence = [...match.evidence];
    const has = (code: string) => evidence.some((e) => e.code === code);
    if (!has('DMARC_ALIGNED')) evidence.push(dmarcEvidence(stats));
    const rejected = share(stats, stats.rejected);
    if (rejected > 0 && !has('RECEIVERS_REJECT')) evidence.push({ code: 'RECEIVERS_REJECT', text: 'receivers reject or quarantine it', share: rejected });
    for (const name of stats.unconfirmedPtrNames.slice(0, 3)) {
      evidence.push({ code: 'UNCONFIRMED_PTR', text: `reverse DNS says ${name}, which does not resolve back (not trusted)`, share: null });
    }
    return { classification: rule.classification, confidence: match.confidence, evidence, rule: rule.name };
  }
  throw new Error('the last classification rule matches everything');
}

/** The rules as the Markdown table README.md shows. */
export function rulesTable(): string {
  const lines = ['| # | classification | rule | when | confidence |', '|---|---|---|---|---|'];
  CLASSIFICATION_RULES.forEach((rule, i) => lines.push(`| ${i + 1} | \`${rule.classification}\` | ${rule.name} | ${rule.when} | ${rule.confidence} |`));
  return lines.join('\n');
}

/** "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)": what alerts and lists say. */
export function senderSummary(name: string, classification: Classification): string {
  const first = classification.evidence[0];
  return `${name} (${classification.classification.toLowerCase()}${first ? `: ${first.text}` : ''})`;
}
