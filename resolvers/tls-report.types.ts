import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from './connection.types.js';

@ObjectType({ description: 'Why some TLS sessions of a policy failed, as the reporter grouped them (RFC 8460 failure-details).' })
export class TlsFailureDetail {
  @Field(() => String, { description: 'starttls-not-supported, certificate-expired, validation-failure, sts-policy-fetch-error, ... (or the reporter\'s own word).' })
  resultType!: string;

  @Field(() => String, { nullable: true, description: 'The reporter\'s MTA that tried to deliver.' })
  sendingMtaIp!: string | null;

  @Field(() => String, { nullable: true })
  receivingIp!: string | null;

  @Field(() => String, { nullable: true })
  receivingMxHostname!: string | null;

  @Field(() => String, { nullable: true })
  receivingMxHelo!: string | null;

  @Field(() => Float, { description: 'Sessions that failed this way (counts may exceed 2^31).' })
  failedSessions!: number;

  @Field(() => String, { nullable: true, description: 'additional-information (or additional-info-uri): where the reporter explains it.' })
  additionalInformation!: string | null;

  @Field(() => String, { nullable: true })
  failureReasonCode!: string | null;
}

@ObjectType({ description: 'One policy of a TLS report: MTA-STS (sts), DANE (tlsa) or none found, with its session counts.' })
export class TlsPolicy {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'sts, tlsa, no-policy-found (or the reporter\'s own word).' })
  policyType!: string;

  @Field(() => String)
  policyDomain!: string;

  @Field(() => [String], { description: 'The policy as the reporter fetched it (an MTA-STS policy\'s lines, TLSA records).' })
  policyStrings!: string[];

  @Field(() => [String], { description: 'MX host patterns (mx-host or mx-host-pattern).' })
  mxHosts!: string[];

  @Field(() => Float)
  successfulSessions!: number;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => [TlsFailureDetail])
  failureDetails!: TlsFailureDetail[];
}

@ObjectType('TlsReport', { description: 'An SMTP TLS report (RFC 8460): how a sending organization\'s TLS sessions to your MX hosts fared over a day.' })
export class TlsReportType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'organization-name: who sent the mail and the report.' })
  orgName!: string;

  @Field(() => String)
  reportId!: string;

  @Field(() => String, { nullable: true })
  contactInfo!: string | null;

  @Field(() => Date)
  dateBegin!: Date;

  @Field(() => Date)
  dateEnd!: Date;

  @Field(() => [String])
  policyDomains!: string[];

  @Field(() => Float)
  successfulSessions!: number;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => [String], { description: 'What was recovered from to read it; empty when nothing.' })
  warnings!: string[];

  @Field(() => Date)
  receivedAt!: Date;
}

@ObjectType({ description: 'A page of TLS reports, newest first (by start date).' })
export class TlsReportConnection extends ConnectionType(TlsReportType, { name: 'TlsReport', totalCountDescription: 'TLS reports matching the filters, on all pages.' }) {}

@ObjectType({ description: 'One UTC day of a domain\'s TLS sessions (by report start).' })
export class TlsDay {
  @Field(() => String, { description: 'YYYY-MM-DD.' })
  date!: string;

  @Field(() => Float)
  successfulSessions!: number;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => Float, { nullable: true, description: 'Successful over all sessions; null without sessions.' })
  successRate!: number | null;
}

@ObjectType({ description: 'Failed sessions of one result type.' })
export class TlsFailureType {
  @Field(() => String)
  resultType!: string;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => Float, { description: 'Of the failed sessions the reporters explained, in [0, 1].' })
  share!: number;
}

@ObjectType({ description: 'How TLS to a domain fared over the last `days` UTC days (SMTP TLS reports).' })
export class TlsSummary {
  @Field(() => String)
  domain!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Int, { description: 'TLS reports with a policy for the domain in the window.' })
  reports!: number;

  @Field(() => Float)
  successfulSessions!: number;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => Float, { nullable: true, description: 'Null without sessions.' })
  successRate!: number | null;

  @Field(() => [TlsDay], { description: 'Days with reports, oldest first.' })
  daily!: TlsDay[];

  @Field(() => [TlsFailureType], { description: 'The result types with the most failed sessions (at most 10), most first.' })
  topFailureTypes!: TlsFailureType[];
}

@ObjectType({ description: 'One policy domain\'s TLS over a window.' })
export class TlsDomain {
  @Field(() => String)
  domain!: string;

  @Field(() => Int)
  reports!: number;

  @Field(() => Float)
  successfulSessions!: number;

  @Field(() => Float)
  failedSessions!: number;

  @Field(() => Float, { nullable: true })
  successRate!: number | null;

  @Field(() => String, { nullable: true, description: 'The result type with the most failed sessions.' })
  topFailureType!: string | null;
}
