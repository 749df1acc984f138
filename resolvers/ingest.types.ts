import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ReportView } from '../src/reports/report-views.js';
import { Report } from './report.types.js';

export enum ReportEncoding {
  XML = 'XML',
  BASE64 = 'BASE64',
}
registerEnumType(ReportEncoding, {
  name: 'ReportEncoding',
  description: 'How `content` of ingestReport is sent.',
  valuesConfig: {
    XML: { description: 'The report XML as text.' },
    BASE64: { description: 'The bytes of the file, base64: gzip, zip, an e-mail (or XML).' },
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


@ObjectType()
export class IngestReportPayload {
  @Field(() => [IngestedReport], { description: 'Every report of the file (a zip or an e-mail may hold several).' })
  reports!: IngestedReport[];
}
