import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { StoredReport } from '../src/ingestion/storage/index.js';
import type { ReportQueryService } from '../src/reports/report-query-service.js';
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

/** The reports of an ingested file as the API shows them, each read back as stored. */
export async function ingestedReports(em: EntityManager, reports: ReportQueryService, stored: readonly StoredReport[]): Promise<IngestedReport[]> {
  const result: IngestedReport[] = [];
  for (const report of stored) {
    result.push({
      status: report.status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE,
      report: await reports.get(em, String(report.id)),
    });
  }
  return result;
}

@ObjectType()
export class IngestReportPayload {
  @Field(() => [IngestedReport], { description: 'Every report of the file (a zip or an e-mail may hold several).' })
  reports!: IngestedReport[];
}
