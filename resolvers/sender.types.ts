import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from './connection.types.js';

export enum SenderClassificationEnum {
  AUTHORIZED = 'AUTHORIZED',
  FORWARDER = 'FORWARDER',
  MISCONFIGURED = 'MISCONFIGURED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(SenderClassificationEnum, {
  name: 'SenderClassification',
  description: 'What a sender is for a domain, by the rules of README.md "Senders": the first rule that matches decides.',
  valuesConfig: {
    AUTHORIZED: { description: 'DMARC passes aligned.' },
    FORWARDER: { description: 'Forwards or redistributes the domain\'s mail (known forwarder or list server, forwarding reported, or aligned DKIM surviving a broken SPF).' },
    MISCONFIGURED: { description: 'A known sending service that authenticates as itself but not aligned with the domain: DKIM or a custom return path at that service fixes it.' },
    UNAUTHORIZED: { description: 'Fails DMARC and is not a known sending service.' },
    UNKNOWN: { description: 'None of the above: partly aligned, or a known service failing without authenticating as itself.' },
  },
});

export enum SenderTypeEnum {
  EMAIL_PROVIDER = 'EMAIL_PROVIDER',
  ESP_MARKETING = 'ESP_MARKETING',
  SAAS = 'SAAS',
  SECURITY_GATEWAY = 'SECURITY_GATEWAY',
  FORWARDER = 'FORWARDER',
  HOSTING = 'HOSTING',
  ISP_RESIDENTIAL = 'ISP_RESIDENTIAL',
  ORGANIZATION = 'ORGANIZATION',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(SenderTypeEnum, { name: 'SenderType', description: 'What kind of service a sender is, from the service map (ORGANIZATION: an organisation\'s own servers).' });

export enum SenderNamingSourceEnum {
  OPERATOR_MAP = 'OPERATOR_MAP',
  SERVICE_MAP = 'SERVICE_MAP',
  REVERSE_DNS = 'REVERSE_DNS',
  ASN_MAP = 'ASN_MAP',
  AS_ORGANIZATION = 'AS_ORGANIZATION',
  NONE = 'NONE',
}
registerEnumType(SenderNamingSourceEnum, {
  name: 'SenderNamingSource',
  description: 'How a sender got its name, most trusted first.',
  valuesConfig: {
    OPERATOR_MAP: { description: 'An operator\'s map entry (upsertSenderMapEntry) for its base domain or ASN.' },
    SERVICE_MAP: { description: 'The bundled service map, by the base domain of its forward-confirmed reverse DNS name (or its ASN).' },
    REVERSE_DNS: { description: 'The base domain of its forward-confirmed reverse DNS name, not in the map.' },
    ASN_MAP: { description: 'Its autonomous system in the bundled ASN map (no DNS name).' },
    AS_ORGANIZATION: { description: 'Its autonomous system\'s organisation (GEOIP_ASN_DB).' },
    NONE: { description: 'Not named: the address alone.' },
  },
});

export enum SenderApprovalStateEnum {
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  UNDECIDED = 'UNDECIDED',
}
registerEnumType(SenderApprovalStateEnum, { name: 'SenderApprovalState', description: 'The operator\'s word on a sender for a domain; it stays whatever the reports say later.' });

export enum SenderApprovalActionEnum {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  CLEAR = 'CLEAR',
  ANNOTATE = 'ANNOTATE',
}
registerEnumType(SenderApprovalActionEnum, { name: 'SenderApprovalAction' });

export enum ReverseDnsStatusEnum {
  CONFIRMED = 'CONFIRMED',
  UNCONFIRMED = 'UNCONFIRMED',
  NO_PTR = 'NO_PTR',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(ReverseDnsStatusEnum, {
  name: 'ReverseDnsStatus',
  description: 'What reverse DNS said about an address.',
  valuesConfig: {
    CONFIRMED: { description: 'A PTR name whose A/AAAA records contain the address (forward-confirmed).' },
    UNCONFIRMED: { description: 'PTR names, none resolving back to the address: kept, never used as a name.' },
    NO_PTR: { description: 'No PTR record.' },
    FAILED: { description: 'No answer (timeout, SERVFAIL); asked again within the hour.' },
    SKIPPED: { description: 'DNS is off (DNS_SERVERS=none).' },
  },
});

export enum SenderOrderFieldEnum {
  MESSAGES = 'MESSAGES',
  NAME = 'NAME',
  DMARC_ALIGNED_RATE = 'DMARC_ALIGNED_RATE',
  LAST_SEEN = 'LAST_SEEN',
  IP_COUNT = 'IP_COUNT',
  CLASSIFICATION = 'CLASSIFICATION',
}
registerEnumType(SenderOrderFieldEnum, { name: 'SenderOrderField', description: 'CLASSIFICATION sorts worst first when descending: UNAUTHORIZED, MISCONFIGURED, UNKNOWN, FORWARDER, AUTHORIZED.' });

export enum OrderDirectionEnum {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirectionEnum, { name: 'OrderDirection' });

@ObjectType({ description: 'A sender in a few words: what alerts, anomalies and the map\'s top senders carry.' })
export class SenderSummary {
  @Field(() => ID, { description: 'For `sender(id)` and the approval mutations.' })
  id!: string;

  @Field(() => String, { description: 'The policy domain it is classified for.' })
  domain!: string;

  @Field(() => String)
  name!: string;

  @Field(() => SenderTypeEnum)
  type!: SenderTypeEnum;

  @Field(() => SenderClassificationEnum)
  classification!: SenderClassificationEnum;

  @Field(() => Float, { description: '0 to 1.' })
  confidence!: number;

  @Field(() => SenderApprovalStateEnum)
  approval!: SenderApprovalStateEnum;

  @Field(() => String, { description: 'Name, classification and its first evidence: "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)".' })
  summary!: string;
}

@ObjectType({ description: 'One reason behind a classification.' })
export class SenderEvidence {
  @Field(() => String, { description: 'Stable: DMARC_ALIGNED, OWN_DKIM_NOT_ALIGNED, FORWARDING_REASON, ARC_PASS, UNCONFIRMED_PTR, ...' })
  code!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Float, { nullable: true, description: 'Share of the sender\'s messages (0 to 1) it holds for.' })
  share!: number | null;
}

@ObjectType({ description: 'A DKIM signature (d=, selector) or an SPF domain as the reports give it.' })
export class SenderSignature {
  @Field(() => String)
  domain!: string;

  @Field(() => String, { nullable: true, description: 'DKIM only.' })
  selector!: string | null;

  @Field(() => Boolean, { description: 'Shares the policy domain\'s organizational domain (relaxed alignment).' })
  aligned!: boolean;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float)
  passMessages!: number;
}

@ObjectType({ description: 'A receiver\'s override reason, with the messages it was given for.' })
export class SenderOverrideReason {
  @Field(() => String, { description: 'forwarded, mailing_list, trusted_forwarder, local_policy, sampled_out or other.' })
  type!: string;

  @Field(() => Float)
  messages!: number;
}

@ObjectType({ description: 'One UTC day of a sender.' })
export class SenderDay {
  @Field(() => String, { description: 'YYYY-MM-DD.' })
  date!: string;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float)
  dmarcAligned!: number;
}

@ObjectType({ description: 'The operator\'s approval of a sender for a domain.' })
export class SenderApproval {
  @Field(() => SenderApprovalStateEnum)
  state!: SenderApprovalStateEnum;

  @Field(() => String, { nullable: true, description: 'The user\'s address or "api key <id>".' })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;
}

@ObjectType({ description: 'One approval, rejection, clearing or annotation: the audit trail.' })
export class SenderApprovalChange {
  @Field(() => SenderApprovalActionEnum)
  action!: SenderApprovalActionEnum;

  @Field(() => SenderApprovalStateEnum, { nullable: true })
  fromState!: SenderApprovalStateEnum | null;

  @Field(() => SenderApprovalStateEnum)
  toState!: SenderApprovalStateEnum;

  @Field(() => String)
  actor!: string;

  @Field(() => String, { nullable: true, description: 'The reason, or for ANNOTATE the new note.' })
  comment!: string | null;

  @Field(() => String, { description: 'The sender\'s name at the time.' })
  senderName!: string;

  @Field(() => Date)
  at!: Date;
}

@ObjectType({ description: 'One address of a sender, with what naming found for it.' })
export class SenderIp {
  @Field(() => String)
  ip!: string;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float)
  dmarcAligned!: number;

  @Field(() => ReverseDnsStatusEnum, { nullable: true, description: 'Null until it is named.' })
  reverseDns!: ReverseDnsStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'The confirmed PTR name, or else the first one as given.' })
  ptrName!: string | null;

  @Field(() => String, { nullable: true })
  confirmedName!: string | null;

  @Field(() => String, { nullable: true, description: 'The error of the last lookup when it failed (ETIMEOUT, ESERVFAIL, ...).' })
  dnsError!: string | null;

  @Field(() => SenderNamingSourceEnum, { nullable: true })
  namingSource!: SenderNamingSourceEnum | null;

  @Field(() => Date, { nullable: true, description: 'When it was last looked up.' })
  namedAt!: Date | null;

  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => Int, { nullable: true })
  asn!: number | null;

  @Field(() => String, { nullable: true })
  asOrganization!: string | null;
}

@ObjectType({ description: 'Who sends as a domain: a named sender, classified with evidence over the window, with the operator\'s approval.' })
export class Sender extends SenderSummary {
  @Field(() => String, { description: 'Stable: service:<name>, domain:<base domain>, asn:<number> or ip:<address>.' })
  key!: string;

  @Field(() => Boolean, { description: 'Named by something other than its address.' })
  named!: boolean;

  @Field(() => SenderNamingSourceEnum)
  namingSource!: SenderNamingSourceEnum;

  @Field(() => String, { nullable: true, description: 'The service map\'s category ("Marketing", "Finance", "Forwarder", ...).' })
  category!: string | null;

  @Field(() => [SenderEvidence], { description: 'The deciding rule\'s evidence first, then context.' })
  evidence!: SenderEvidence[];

  @Field(() => String, { description: 'The classification rule that decided (README.md, "Senders").' })
  rule!: string;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float, { description: 'Messages with aligned DKIM or SPF passing (DMARC pass), 0 to 1.' })
  dmarcAlignedRate!: number;

  @Field(() => Float)
  dkimAlignedRate!: number;

  @Field(() => Float)
  spfAlignedRate!: number;

  @Field(() => Date, { description: 'Start date of its first report in the window.' })
  firstSeen!: Date;

  @Field(() => Date)
  lastSeen!: Date;

  @Field(() => Int)
  ipCount!: number;

  @Field(() => [String], { description: 'ISO country codes of its addresses.' })
  countries!: string[];

  @Field(() => [SenderDay], { description: 'The window\'s days with mail, oldest first.' })
  daily!: SenderDay[];

  @Field(() => [SenderSignature])
  dkimSignatures!: SenderSignature[];

  @Field(() => [SenderSignature])
  spfDomains!: SenderSignature[];

  @Field(() => [SenderOverrideReason])
  overrideReasons!: SenderOverrideReason[];

  @Field(() => SenderApproval, { name: 'approvalDetails', description: 'Who decided, when, why.' })
  approvalDetails!: SenderApproval;

  @Field(() => String, { nullable: true, description: 'The operator\'s note (annotateSender).' })
  note!: string | null;

  /** The window the figures cover, for `ips`. */
  days!: number;
}

@ObjectType({ description: 'Senders per domain over the window (Relay connection).' })
export class SenderConnection extends ConnectionType(Sender, { totalCountDescription: 'Senders matching the filter, on all pages.' }) {
  @Field(() => Boolean, { description: `More senders than the most the server classifies at once were in the window: only those with the most messages are listed.` })
  truncated!: boolean;
}

@InputType('SenderFilter', { description: 'Which senders; absent fields match everything.' })
export class SenderFilterInput {
  @Field(() => String, { nullable: true, description: 'One policy domain.' })
  domain?: string | null;

  @Field(() => SenderClassificationEnum, { nullable: true })
  classification?: SenderClassificationEnum | null;

  @Field(() => Boolean, { nullable: true, description: 'true: approved senders; false: the others (undecided or rejected).' })
  approved?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the name or key (a base domain, asn:<n>, ip:<address>), case-insensitive.' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Senders with an address in this country (ISO 3166-1 alpha-2).' })
  countryCode?: string | null;
}

@InputType('SenderOrder', { description: 'How to sort senders.' })
export class SenderOrderInput {
  @Field(() => SenderOrderFieldEnum)
  field!: SenderOrderFieldEnum;

  @Field(() => OrderDirectionEnum, { defaultValue: OrderDirectionEnum.DESC })
  direction!: OrderDirectionEnum;
}

@ObjectType({ description: 'An operator\'s own service map entry: it wins over the bundled map.' })
export class SenderMapEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  baseDomain!: string | null;

  @Field(() => Int, { nullable: true })
  asn!: number | null;

  @Field(() => String)
  name!: string;

  @Field(() => SenderTypeEnum)
  type!: SenderTypeEnum;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => String, { description: 'Who made or last changed it.' })
  createdBy!: string;

  @Field(() => Date)
  updatedAt!: Date;
}

@InputType({ description: 'A base domain (of reverse DNS names, e.g. "sendgrid.net") or an ASN, named your way.' })
export class SenderMapEntryInput {
  @Field(() => String, { nullable: true, description: 'A base domain by the Public Suffix List; exactly one of baseDomain and asn.' })
  baseDomain?: string | null;

  @Field(() => Int, { nullable: true })
  asn?: number | null;

  @Field(() => String, { description: '1 to 100 characters.' })
  name!: string;

  @Field(() => SenderTypeEnum)
  type!: SenderTypeEnum;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
