import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import type { Page } from '../src/pagination/page.js';
import type { PassRateSummary, RecordView, ReportView } from '../src/reports/report-views.js';
import { ReportConnection } from './report-connection.types.js';
import { ReportSummary } from './report-summary.types.js';
import { Report, ReportRecord } from './report.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, { description: 'Stored reports, newest first (by start date).' })
  reports(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
    @Arg('domain', () => String, { nullable: true, description: 'Policy domain (case-insensitive).' }) domain: string | null,
    @Arg('reporter', () => String, { nullable: true, description: 'Reporting organization name (exact, case-insensitive).' }) reporter: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Reports starting at or after.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Reports starting before.' }) to: Date | null,
  ): Promise<Page<ReportView>> {
    return services.reports.list({ first, after }, { domain, reporter, from, to });
  }

  @Query(() => Report, { description: 'One report; NOT_FOUND when there is none with this id.' })
  report(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<ReportView> {
    return services.reports.get(id);
  }

  @Query(() => ReportSummary, { description: 'Messages and DMARC/SPF/DKIM pass rates of the last `days` UTC days, including today.' })
  reportSummary(
    @Ctx() { services }: GraphQLContext,
    @Arg('days', () => Int, { defaultValue: 30 }) days: number,
    @Arg('domain', () => String, { nullable: true }) domain: string | null,
  ): Promise<PassRateSummary> {
    return services.reports.passRates({ days, domain });
  }

  @FieldResolver(() => [ReportRecord], { description: 'The records in stored order, with their auth results.' })
  records(
    @Root() report: ReportView,
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 500, description: '1 to 5000.' }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
  ): Promise<RecordView[]> {
    return services.reports.records(report.id, { first, offset });
  }
}
