import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { FailureReportView } from '../src/failure-reports/failure-report-views.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import { AlertType } from './alert.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';
import { FailureReportConnection, FailureReportType } from './failure-report.types.js';

/** Views and GraphQL types carry the same values; ids are strings in GraphQL. */
export const toFailureReportType = (view: FailureReportView): FailureReportType => ({ ...view, id: String(view.id) }) as unknown as FailureReportType;

@Resolver(() => FailureReportType)
export class FailureReportResolver {
  @Query(() => FailureReportConnection, {
    description:
      'Failure reports (RUF), newest first by arrival. Every reader gets totalCount; the reports (edges) are personal data, for ANALYST and ADMIN only (FORBIDDEN otherwise).',
  })
  async failureReports(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
    @Arg('domain', () => String, { nullable: true, description: 'Reported domain (case-insensitive).' }) domain: string | null,
    @Arg('sourceIp', () => String, { nullable: true }) sourceIp: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Arrived at or after.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Arrived before.' }) to: Date | null,
    @Arg('authFailure', () => String, { nullable: true, description: 'One of its Auth-Failure types: dmarc, dkim, spf, ...' }) authFailure: string | null,
  ): Promise<Page<FailureReportType>> {
    return mapNodes(await services.failureReports.list({ first, after }, { domain, sourceIp, from, to, authFailure }), toFailureReportType);
  }

  @Query(() => FailureReportType, { description: 'One failure report (ANALYST and ADMIN); NOT_FOUND when there is none with this id.' })
  async failureReport(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<FailureReportType> {
    return toFailureReportType(await services.failureReports.get(id));
  }
}

/** An alert's evidence: the failure samples its source IP sent. */
@Resolver(() => AlertType)
export class AlertEvidenceResolver {
  @FieldResolver(() => FailureReportConnection, {
    description: 'Failure samples from the alert\'s source IP ("here is what they sent"), newest first. totalCount for every reader; the reports for ANALYST and ADMIN.',
  })
  async failureReports(
    @Root() alert: AlertType,
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 10, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<FailureReportType>> {
    return mapNodes(await services.failureReports.forAlert(alert.id, { first, after }), toFailureReportType);
  }
}
