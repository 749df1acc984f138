import type { SenderRole } from './traffic-model.js';

/** How one kind of sender behaves on a day: the shape the generator draws records from. */
export interface SenderProfile {
  /** Chance the IP sends on a given day. */
  readonly dailyActivity: number;
  /** Reporters (receivers) per active day: 1..maxReporters. */
  readonly maxReporters: number;
  /** Median messages per record; counts are log-normal around it. */
  readonly medianCount: number;
  readonly dkimPass: number;
  readonly spfPass: number;
  /** First octet of the IP range the role's addresses come from, so roles never share an IP. */
  readonly firstOctet: number;
}

export const SENDER_PROFILES: Readonly<Record<Exclude<SenderRole, 'campaign'>, SenderProfile>> = {
  // Large ESPs and the domain's own outbound: steady, aligned, seen by every big receiver.
  provider: { dailyActivity: 0.9, maxReporters: 4, medianCount: 120, dkimPass: 0.99, spfPass: 0.99, firstOctet: 40 },
  // Forwarders re-send from their own IPs: SPF no longer aligns, the DKIM signature survives.
  forwarder: { dailyActivity: 0.5, maxReporters: 2, medianCount: 15, dkimPass: 0.95, spfPass: 0.02, firstOctet: 60 },
  // Mailing lists rewrite subjects or footers, which sometimes breaks DKIM.
  mailingList: { dailyActivity: 0.4, maxReporters: 2, medianCount: 8, dkimPass: 0.6, spfPass: 0.02, firstOctet: 80 },
  // Small services (a CRM, a ticketing tool) sending now and then, mostly configured right.
  smallSender: { dailyActivity: 0.12, maxReporters: 2, medianCount: 3, dkimPass: 0.95, spfPass: 0.95, firstOctet: 100 },
};

export const CAMPAIGN_FIRST_OCTET = 185;

export const REPORTERS = ['google.com', 'Microsoft Corporation', 'Yahoo', 'Mail.Ru', 'Comcast', 'GMX'] as const;
