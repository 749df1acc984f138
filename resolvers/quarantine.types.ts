import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IngestedFailureReport, IngestedReport, IngestedTlsReport } from './ingest.types.js';
import { ConnectionType } from './connection.types.js';

export enum IngestSource {
  HTTP = 'http',
  GRAPHQL = 'graphql',
  CLI = 'cli',
  IMAP = 'imap',
}
registerEnumType(IngestSource, {
  name: 'IngestSource',
  description: 'The entry point a file came in through.',
  valuesConfig: {
    HTTP: { description: 'POST /reports' },
    GRAPHQL: { description: 'The ingestReport mutation' },
    CLI: { description: '`dmarc-analytics ingest`' },
    IMAP: { description: 'The mailbox (IMAP_URL)' },
  },
});

@ObjectType({ description: 'A received file that was refused, kept (compressed) so nothing a receiver sent is lost.' })
export class RefusedReport {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { description: 'SHA-256 (hex) of the file as received; the same file received again is one row.' })
  sha256!: string;

  @Field(() => IngestSource)
  source!: IngestSource;

  @Field(() => String, { description: 'File name, upload name, or the e-mail\'s Message-ID.' })
  sourceName!: string;

  @Field(() => String, { description: 'Ingestion error code of the latest attempt (MALFORMED_XML, REPORT_TOO_LARGE, ...).' })
  code!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => Int, { description: 'Bytes as received.' })
  sizeBytes!: number;

  @Field(() => Boolean, {
    description: 'False when the file was larger than QUARANTINE_MAX_BYTES compressed: only its metadata is kept. ' +
      'Kept files download from GET /reports/refused/{id}/raw (ADMIN).',
  })
  contentKept!: boolean;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => Date)
  lastReceivedAt!: Date;

  @Field(() => Int)
  timesReceived!: number;

  @Field(() => Date, { nullable: true, description: 'When the file was ingested after all.' })
  reingestedAt!: Date | null;

  @Field(() => [ID], { description: 'The reports it gave then.' })
  reingestedReportIds!: readonly number[];
}

@ObjectType({ description: 'A page of refused files, newest first (Relay connection).' })
export class RefusedReportConnection extends ConnectionType(RefusedReport, { totalCountDescription: 'Refused files kept, on all pages.' }) {}

@ObjectType()
export class ReingestRefusedPayload {
  @Field(() => RefusedReport, { description: 'The quarantine row, now marked re-ingested.' })
  refusedReport!: RefusedReport;

  @Field(() => [IngestedReport], { description: 'Aggregate reports it gave.' })
  reports!: IngestedReport[];

  @Field(() => [IngestedFailureReport], { description: 'Failure reports it gave.' })
  failureReports!: IngestedFailureReport[];

  @Field(() => [IngestedTlsReport], { description: 'SMTP TLS reports it gave.' })
  tlsReports!: IngestedTlsReport[];
}
