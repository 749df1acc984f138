import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ReportView } from '../src/reports/report-views.js';
import { FailureReportType } from './failure-report.types.js';
import { Report } from './report.types.js';
import { TlsReportType } from './tls-report.types.js';

export enum ReportEncoding {
  XML = 'XML',
  BASE64 = 'BASE64',
}
registerEnumType(ReportEncoding, {
  name: 'ReportEncoding',
  description: 'How `content` of ingestReport is sent.',
  valuesConfig: {
    XML: { description: 'The report as text: an aggregate report\'s XML, a TLS report\'s JSON or an e-mail.' },
    BASE64: { description: 'The bytes of the file, base64: gzip, zip, an e-mail (or XML, JSON).' },
  },
});

export enum IngestStatus {
  INGESTED = 'INGESTED',
  DUPLICATE = 'DUPLICATE',
}
registerEnumType(IngestStatus, {
  name: 'IngestStatus',
  valuesConfig: {
    INGESTED: { description: 'Stored now.' },
    DUPLICATE: { description: 'Stored before (same reporter, report id and policy domain); nothing changed.' },
  },
});

@ObjectType({ description: 'One report of an ingested file.' })
export class IngestedReport {
  @Field(() => IngestStatus)
  status!: IngestStatus;

  @Field(() => ID, {
    nullable: true,
    description: 'The stored report (for a duplicate: the copy stored before). Null for a duplicate sent with an INGEST key, which learns nothing of the stored copy.',
  })
  id!: string | null;

  @Field(() => String)
  orgName!: string;

  @Field(() => String)
  reportId!: string;

  @Field(() => String)
  policyDomain!: string;

  @Field(() => Int, { description: 'Records in the file sent (for a duplicate too: the stored copy is `report`).' })
  recordCount!: number;

  @Field(() => Int, { description: 'Messages in the file sent: the sum of its records\' counts.' })
  messageCount!: number;

  @Field(() => [String], {
    description: 'What was repaired to read this copy of the report (an invalid byte replaced by U+FFFD, a missing end tag added, …); empty when nothing was.',
  })
  warnings!: readonly string[];

  @Field(() => Report, {
    nullable: true,
    description:
      'The stored report with its records (for a duplicate: the copy stored before). Readers only (VIEWER and up): ' +
      'an INGEST key submits reports and must not read them back, so it gets null and FORBIDDEN here.',
  })
  report!: ReportView | null;
}


@ObjectType({ description: 'One failure report of an ingested file.' })
export class IngestedFailureReport {
  @Field(() => IngestStatus, { description: 'DUPLICATE: the same report (same fields and sample) was stored before.' })
  status!: IngestStatus;

  @Field(() => ID, { nullable: true, description: 'The stored failure report; null for a duplicate answered to a caller who may not read reports (an INGEST key).' })
  id!: string | null;

  @Field(() => String)
  reportedDomain!: string;

  @Field(() => String, { nullable: true })
  sourceIp!: string | null;

  @Field(() => [String], { description: 'What was recovered from to read it; empty when nothing.' })
  warnings!: readonly string[];

  @Field(() => FailureReportType, {
    nullable: true,
    description: 'The stored failure report: personal data, for ANALYST and ADMIN (others get null and FORBIDDEN here).',
  })
  failureReport!: FailureReportType;
}

@ObjectType({ description: 'One SMTP TLS report of an ingested file.' })
export class IngestedTlsReport {
  @Field(() => IngestStatus, { description: 'DUPLICATE: stored before (same organization and report id).' })
  status!: IngestStatus;

  @Field(() => ID, { nullable: true, description: 'The stored TLS report; null for a duplicate answered to a caller who may not read reports (an INGEST key).' })
  id!: string | null;

  @Field(() => String)
  orgName!: string;

  @Field(() => String)
  reportId!: string;

  @Field(() => [String])
  policyDomains!: readonly string[];

  @Field(() => [String], { description: 'What was recovered from to read it; empty when nothing.' })
  warnings!: readonly string[];

  @Field(() => TlsReportType, { nullable: true, description: 'The stored TLS report, for readers (VIEWER and up; an INGEST key gets null and FORBIDDEN here).' })
  tlsReport!: TlsReportType;
}

@ObjectType()
export class IngestReportPayload {
  @Field(() => [IngestedReport], { description: 'Every aggregate report of the file (a zip or an e-mail may hold several).' })
  reports!: IngestedReport[];

  @Field(() => [IngestedFailureReport], { description: 'Every failure report of the file.' })
  failureReports!: IngestedFailureReport[];

  @Field(() => [IngestedTlsReport], { description: 'Every SMTP TLS report of the file.' })
  tlsReports!: IngestedTlsReport[];
}
