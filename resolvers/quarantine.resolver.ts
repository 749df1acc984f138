import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../src/errors/app-error.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { RefusedReportError } from '../src/ingestion/refused-report-error.js';
import { reingestRefused } from '../src/quarantine/reingest-refused.js';
import type { RefusedReportView } from '../src/quarantine/refused-report-view.js';
import { ingestedOfEveryKind } from './ingested-reports.js';
import { RefusedReportConnection, ReingestRefusedPayload, type IngestSource, type RefusedReport } from './quarantine.types.js';

const asType = (view: RefusedReportView): RefusedReport => ({ ...view, source: view.source as IngestSource });

function cursorId(after: string | null | undefined): number | null {
  if (after == null) return null;
  const id = Number(Buffer.from(after, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(id) || id < 1) throw new BadUserInputError(`invalid cursor "${after}": use a pageInfo.endCursor as returned`);
  return id;
}

const cursorOf = (id: number) => Buffer.from(String(id)).toString('base64url');

@Resolver()
export class QuarantineResolver {
  @Query(() => RefusedReportConnection, { description: 'Received files that were refused (any entry point), newest first.' })
  async refusedReports(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
  ): Promise<RefusedReportConnection> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new BadUserInputError('first must be from 1 to 100');
    const rows = await services.quarantine.list(first + 1, cursorId(after));
    const page = rows.slice(0, first);
    return {
      edges: page.map((row) => ({ cursor: cursorOf(row.id), node: asType(row) })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length > 0 ? cursorOf(page[page.length - 1]!.id) : null },
      totalCount: await services.quarantine.count(),
    };
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
