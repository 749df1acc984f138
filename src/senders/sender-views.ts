import type { ReverseDnsStatus } from './naming/forward-confirmed-name.js';
import type { NamingSource } from './identity.js';
import type { SenderClassification, SenderEvidence } from './classification/rules.js';
import type { AuthSignature, OverrideReasonCount } from './classification/sender-stats.js';
import type { SenderType } from './service-map/sender-types.js';
import type { Page } from '../pagination/page.js';

export type ApprovalState = 'APPROVED' | 'REJECTED' | 'UNDECIDED';

export interface SenderApprovalView {
  readonly state: ApprovalState;
  /** Who approved or rejected it (null while undecided). */
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly comment: string | null;
}

export interface SenderDay {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  readonly messages: number;
  readonly dmarcAligned: number;
}

/** A sender's short form: what alerts, anomalies and the map's top senders carry. */
export interface SenderSummaryView {
  readonly id: string;
  readonly domain: string;
  readonly key: string;
  readonly name: string;
  readonly type: SenderType;
  readonly namingSource: NamingSource;
  readonly classification: SenderClassification;
  readonly confidence: number;
  readonly approval: ApprovalState;
  /** "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)". */
  readonly summary: string;
}

/** One sender for one policy domain over a window: the Senders page's row. */
export interface SenderView extends SenderSummaryView {
  readonly category: string | null;
  readonly named: boolean;
  readonly evidence: readonly SenderEvidence[];
  /** The classification rule that decided (its name in the rules table). */
  readonly rule: string;
  readonly messages: number;
  readonly dmarcAlignedRate: number;
  readonly dkimAlignedRate: number;
  readonly spfAlignedRate: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly ipCount: number;
  readonly countries: readonly string[];
  readonly dkimSignatures: readonly AuthSignature[];
  readonly spfDomains: readonly AuthSignature[];
  readonly overrideReasons: readonly OverrideReasonCount[];
  readonly approvalDetails: SenderApprovalView;
  readonly note: string | null;
  /** The window's days with mail, oldest first; filled for a page's senders and `sender(id)`. */
  readonly daily: readonly SenderDay[];
}

export interface SenderIpView {
  readonly ip: string;
  readonly messages: number;
  readonly dmarcAligned: number;
  readonly reverseDns: ReverseDnsStatus | null;
  readonly ptrName: string | null;
  readonly confirmedName: string | null;
  readonly dnsError: string | null;
  readonly namingSource: NamingSource | null;
  readonly namedAt: Date | null;
  readonly countryCode: string | null;
  readonly asn: number | null;
  readonly asOrganization: string | null;
}

export type SenderApprovalAction = 'APPROVE' | 'REJECT' | 'CLEAR' | 'ANNOTATE';

export interface SenderApprovalChangeView {
  readonly action: SenderApprovalAction;
  readonly fromState: ApprovalState | null;
  readonly toState: ApprovalState;
  readonly actor: string;
  readonly comment: string | null;
  readonly senderName: string;
  readonly at: Date;
}

export type SenderPage = Page<SenderView> & {
  /** The window's senders were more than MAX_SENDERS: only those with the most messages were classified. */
  readonly truncated: boolean;
};
