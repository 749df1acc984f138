import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { cleanFilename } from '../src/received-files/upload-filename.js';
import { RefusedReportError } from '../src/ingestion/refused-report-error.js';
import { decodeReportContent } from '../src/ingestion/report-content.js';
import { toFailureReportType } from './failure-report.resolver.js';
import { FailureReportType } from './failure-report.types.js';
import { IngestedFailureReport, IngestedTlsReport, IngestReportPayload, ReportEncoding } from './ingest.types.js';
import { ingestedOfEveryKind } from './ingested-reports.js';
import { toTlsReportType } from './tls-report.resolver.js';
import { TlsReportType } from './tls-report.types.js';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestReportPayload, {
    description:
      'Stores a report file: DMARC aggregate (XML), SMTP TLS (JSON), gzip, zip, or an e-mail holding any of them or being a failure report. A refused file fails with its ingestion code ' +
      '(INVALID_REPORT, MALFORMED_XML, REPORT_TOO_LARGE, …); invalid base64 is BAD_USER_INPUT. Large files: POST /reports.',
  })
  async ingestReport(
    @Ctx() { services, principal }: GraphQLContext,
    @Arg('content', () => String) content: string,
    @Arg('encoding', () => ReportEncoding, { defaultValue: ReportEncoding.XML }) encoding: ReportEncoding,
    @Arg('filename', () => String, { nullable: true, description: 'Named in messages and logs.' }) filename: string | null,
  ): Promise<IngestReportPayload> {
    const bytes = decodeReportContent(content, encoding);
    const result = await services.ingestion.ingestBuffer(bytes, cleanFilename(filename, 'ingestReport'), 'graphql');
    if (result.error) throw new RefusedReportError(result.error);
    return ingestedOfEveryKind(services, result, principal);
  }
}

/** The stored reports behind an ingested file's failure and TLS reports, read only for the roles that may (src/auth/permissions.ts). */
@Resolver(() => IngestedFailureReport)
export class IngestedFailureReportResolver {
  @FieldResolver(() => FailureReportType, { nullable: true })
  async failureReport(@Root() ingested: IngestedFailureReport, @Ctx() { services }: GraphQLContext): Promise<FailureReportType | null> {
    return ingested.id === null ? null : toFailureReportType(await services.failureReports.get(ingested.id));
  }
}

@Resolver(() => IngestedTlsReport)
export class IngestedTlsReportResolver {
  @FieldResolver(() => TlsReportType, { nullable: true })
  async tlsReport(@Root() ingested: IngestedTlsReport, @Ctx() { services }: GraphQLContext): Promise<TlsReportType | null> {
    return ingested.id === null ? null : toTlsReportType(await services.tlsReports.get(ingested.id));
  }
}
