import { Field, ObjectType, registerEnumType } from 'type-graphql';
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

  @Field(() => Report, { description: 'The stored report (for a duplicate: the copy stored before).' })
  report!: ReportView;
}

@ObjectType()
export class IngestReportPayload {
  @Field(() => [IngestedReport], { description: 'Every report of the file (a zip or an e-mail may hold several).' })
  reports!: IngestedReport[];
}
