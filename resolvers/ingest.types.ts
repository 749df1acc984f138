import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
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

  @Field(() => ID, { description: 'The stored report (for a duplicate: the copy stored before).' })
  id!: string;

  @Field(() => String)
  orgName!: string;

  @Field(() => String)
  reportId!: string;

  @Field(() => String)
  policyDomain!: string;

  @Field(() => Int)
  recordCount!: number;

  @Field(() => Int)
  messageCount!: number;

  @Field(() => Report, {
    nullable: true,
    description:
      'The stored report with its records (for a duplicate: the copy stored before). Readers only (VIEWER and up): ' +
      'an INGEST key submits reports and must not read them back, so it gets null and FORBIDDEN here.',
  })
  report!: ReportView;
}

/** The reports of an ingested file as the API shows them, each read back as stored. */
export async function ingestedReports(em: EntityManager, reports: ReportQueryService, stored: readonly StoredReport[]): Promise<IngestedReport[]> {
  const result: IngestedReport[] = [];
  for (const one of stored) {
    const report = await reports.get(em, String(one.id));
    result.push({
      status: one.status === 'ingested' ? IngestStatus.INGESTED : IngestStatus.DUPLICATE,
      id: String(report.id),
      orgName: report.orgName,
      reportId: report.reportId,
      policyDomain: report.policy.domain,
      recordCount: report.recordCount,
      messageCount: report.messageCount,
      report,
    });
  }
  return result;
}

@ObjectType()
export class IngestReportPayload {
  @Field(() => [IngestedReport], { description: 'Every report of the file (a zip or an e-mail may hold several).' })
  reports!: IngestedReport[];
}
