import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from './connection.types.js';
import { Geolocation } from './geo.types.js';

export enum FailureReportFormat {
  ARF = 'ARF',
  TEXT = 'TEXT',
}
registerEnumType(FailureReportFormat, {
  name: 'FailureReportFormat',
  valuesConfig: {
    ARF: { description: 'RFC 6591 Abuse Reporting Format (a message/feedback-report part), as RFC 7489 and RFC 9991 profile it.' },
    TEXT: { description: 'A plain-text report without an ARF part (Exim\'s, and similar).' },
  },
});

enum FailureSampleKind {
  MESSAGE = 'MESSAGE',
  HEADERS = 'HEADERS',
}
registerEnumType(FailureSampleKind, {
  name: 'FailureSampleKind',
  valuesConfig: {
    MESSAGE: { description: 'The receiver attached the whole failed message.' },
    HEADERS: { description: 'The receiver attached only its header (text/rfc822-headers, or a copy of the header).' },
  },
});

@ObjectType({ description: 'A header field, as written (address local parts per FAILURE_LOCAL_PARTS).' })
export class HeaderField {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'The failed message as kept: its header, and its body only with FAILURE_SAMPLE_CONTENT=headers-and-body.' })
export class FailureSample {
  @Field(() => FailureSampleKind)
  kind!: FailureSampleKind;

  @Field(() => String, { nullable: true, description: 'Decoded `Name <address>` (the local part per FAILURE_LOCAL_PARTS).' })
  from!: string | null;

  @Field(() => [String])
  to!: string[];

  @Field(() => String, { nullable: true, description: 'Decoded.' })
  subject!: string | null;

  @Field(() => Date, { nullable: true })
  date!: Date | null;

  @Field(() => String, { nullable: true })
  messageId!: string | null;

  @Field(() => [HeaderField], { description: 'Every header field, in order.' })
  headers!: HeaderField[];

  @Field(() => String, { nullable: true, description: 'The body as text (at most 64 KiB); null unless FAILURE_SAMPLE_CONTENT=headers-and-body.' })
  body!: string | null;

  @Field(() => [String], { description: 'http(s) URLs of the body (without query or fragment unless FAILURE_SAMPLE_CONTENT=headers-and-body).' })
  urls!: string[];

  @Field(() => [String], { description: 'File names of its attachments.' })
  attachmentNames!: string[];
}

@ObjectType('FailureReport', { description: 'A DMARC failure report (RUF): one message that failed, as a receiver reported it. Personal data: ANALYST and ADMIN.' })
export class FailureReportType {
  @Field(() => ID)
  id!: string;

  @Field(() => FailureReportFormat)
  format!: FailureReportFormat;

  @Field(() => String, { description: 'auth-failure for DMARC failure reports.' })
  feedbackType!: string;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field(() => Date, { description: 'When the receiver got the failed message (when we received the report, if it does not say).' })
  arrivalDate!: Date;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Where the failed message came from; null when the report names no readable address.' })
  sourceIp!: string | null;

  @Field(() => Geolocation, { nullable: true, description: 'Where the source IP is (geolocation cache).' })
  geolocation!: Geolocation | null;

  @Field(() => String, { description: 'The domain the report is about (Reported-Domain, or the sample\'s From domain).' })
  reportedDomain!: string;

  @Field(() => String, { nullable: true, description: 'Domain of the report e-mail\'s sender (the receiver).' })
  reporterDomain!: string | null;

  @Field(() => String, { nullable: true })
  authenticationResults!: string | null;

  @Field(() => String, { nullable: true })
  originalMailFrom!: string | null;

  @Field(() => [String])
  originalRcptTo!: string[];

  @Field(() => String, { nullable: true, description: 'delivered, spam, policy, reject or other.' })
  deliveryResult!: string | null;

  @Field(() => [String], { description: 'What failed: dmarc, dkim, spf, bodyhash, revoked, signature.' })
  authFailure!: string[];

  @Field(() => [String], { description: 'The mechanisms that aligned (dkim, spf); empty for none.' })
  identityAlignment!: string[];

  @Field(() => String, { nullable: true })
  dkimDomain!: string | null;

  @Field(() => String, { nullable: true })
  dkimSelector!: string | null;

  @Field(() => [HeaderField], { description: 'Every feedback field as the receiver wrote it.' })
  fields!: HeaderField[];

  @Field(() => FailureSample, { nullable: true, description: 'The failed message; null when the report carried none.' })
  sample!: FailureSample | null;

  @Field(() => [String], { description: 'What was recovered from to read it; empty when nothing.' })
  warnings!: string[];
}

@ObjectType({ description: 'A page of failure reports, newest first (by arrival). Readers see totalCount; the reports themselves are for ANALYST and ADMIN.' })
export class FailureReportConnection extends ConnectionType(FailureReportType, { name: 'FailureReport', totalCountDescription: 'Failure reports matching the filters, on all pages.' }) {}
