import type { NamingSource } from '../identity.js';
import type { SenderType } from '../service-map/sender-types.js';

/** One DKIM signature or SPF check as the reports give it, summed over a sender's messages. */
export interface AuthSignature {
  readonly method: 'dkim' | 'spf';
  /** DKIM d= or the SPF (MAIL FROM / HELO) domain, lower case. */
  readonly domain: string;
  /** DKIM selector (null for SPF). */
  readonly selector: string | null;
  /** Messages carrying it. */
  readonly messages: number;
  /** Messages where it passed. */
  readonly passMessages: number;
  /** Its domain has the policy domain's organizational domain (relaxed alignment). */
  readonly aligned: boolean;
}

export interface OverrideReasonCount {
  /** forwarded, mailing_list, trusted_forwarder, local_policy, sampled_out, other. */
  readonly type: string;
  readonly messages: number;
}

/** What the reports say about one sender for one policy domain over a window: what classification reads. */
export interface SenderStats {
  readonly domain: string;
  readonly key: string;
  readonly name: string;
  readonly type: SenderType;
  readonly category: string | null;
  readonly namingSource: NamingSource;
  readonly messages: number;
  /** Messages with aligned DKIM or aligned SPF passing: DMARC pass. */
  readonly dmarcAligned: number;
  readonly dkimAligned: number;
  readonly spfAligned: number;
  /** Messages receivers rejected or quarantined. */
  readonly rejected: number;
  /** Messages with a forwarded, mailing_list or trusted_forwarder override reason. */
  readonly forwardingReasons: number;
  /** Messages where aligned DKIM passes while SPF fails (the SPF check itself, not only its alignment): forwarding's mark. */
  readonly dkimPassSpfFail: number;
  /** Messages whose override comment reports ARC pass (arc=pass, as Google and Microsoft write it). */
  readonly arcPass: number;
  readonly reasons: readonly OverrideReasonCount[];
  readonly signatures: readonly AuthSignature[];
  /** PTR names of its addresses that do not resolve back to them (never used as names). */
  readonly unconfirmedPtrNames: readonly string[];
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly ipCount: number;
  /** ISO country codes of its addresses, upper case. */
  readonly countries: readonly string[];
}
