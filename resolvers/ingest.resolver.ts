import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { cleanFilename } from '../src/received-files/upload-filename.js';
import { RefusedReportError } from '../src/ingestion/refused-report-error.js';
import { decodeReportContent } from '../src/ingestion/report-content.js';
import { IngestReportPayload, ReportEncoding } from './ingest.types.js';
import { ingestedReports } from './ingested-reports.js';

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestReportPayload, {
    description:
      'Stores a DMARC aggregate report file (XML, gzip, zip or e-mail). A refused file fails with its ingestion code ' +
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
    return { reports: await ingestedReports(services, result.reports, principal) };
  }
}
