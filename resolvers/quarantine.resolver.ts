import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../src/errors/app-error.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import { RefusedReportError } from '../src/ingestion/refused-report-error.js';
import { MAX_REFUSED_PAGE } from '../src/quarantine/quarantine-store.js';
import { reingestRefused } from '../src/quarantine/reingest-refused.js';
import type { RefusedReportView } from '../src/quarantine/refused-report-view.js';
import { ingestedOfEveryKind } from './ingested-reports.js';
import { RefusedReportConnection, ReingestRefusedPayload, type IngestSource, type RefusedReport } from './quarantine.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';

const asType = (view: RefusedReportView): RefusedReport => ({ ...view, source: view.source as IngestSource });

@Resolver()
export class QuarantineResolver {
  @Query(() => RefusedReportConnection, { description: 'Received files that were refused (any entry point), newest first.' })
  async refusedReports(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_REFUSED_PAGE}.` }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<RefusedReport>> {
    return mapNodes(await services.quarantine.list({ first, after }), asType);
  }

  @Mutation(() => ReingestRefusedPayload, {
    description:
      'Tries a refused file again with the current parser. On success the row is marked re-ingested with the reports it gave; ' +
      'refused again, it fails with the ingestion code (the row keeps the new reason). NOT_FOUND for an unknown id or a file kept without its bytes.',
  })
  async reingestRefused(@Ctx() { services, principal }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ReingestRefusedPayload> {
    const numeric = Number(id);
    if (!Number.isSafeInteger(numeric) || numeric < 1) throw new BadUserInputError(`invalid id "${id}"`);
    const { result, refusedReport } = await reingestRefused(services.quarantine, services.ingestion, numeric);
    if (result.error) throw new RefusedReportError(result.error);
    return { refusedReport: asType(refusedReport), ...(await ingestedOfEveryKind(services, result, principal)) };
  }
}
