import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import type { TlsReportView } from '../src/tls-reports/tls-report-views.js';
import { AFTER_ARGUMENT } from './connection.types.js';
import { TlsDomain, TlsPolicy, TlsReportConnection, TlsReportType, TlsSummary } from './tls-report.types.js';

/** Views and GraphQL types carry the same values; ids are strings in GraphQL. */
export const toTlsReportType = (view: TlsReportView): TlsReportType => ({ ...view, id: String(view.id) }) as unknown as TlsReportType;

@Resolver(() => TlsReportType)
export class TlsReportResolver {
  @Query(() => TlsReportConnection, { description: 'SMTP TLS reports (RFC 8460), newest first by start date.' })
  async tlsReports(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
    @Arg('domain', () => String, { nullable: true, description: 'A policy domain of the report (case-insensitive).' }) domain: string | null,
    @Arg('sourceIp', () => String, { nullable: true, description: 'A sending MTA of its failure details.' }) sourceIp: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Reports starting at or after.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Reports starting before.' }) to: Date | null,
    @Arg('resultType', () => String, { nullable: true, description: 'A result type of its failure details (certificate-expired, ...).' }) resultType: string | null,
  ): Promise<Page<TlsReportType>> {
    return mapNodes(await services.tlsReports.list({ first, after }, { domain, sourceIp, from, to, resultType }), toTlsReportType);
  }

  @Query(() => TlsReportType, { description: 'One TLS report; NOT_FOUND when there is none with this id.' })
  async tlsReport(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<TlsReportType> {
    return toTlsReportType(await services.tlsReports.get(id));
  }

  @Query(() => TlsSummary, { description: 'A domain\'s TLS success over the last `days` UTC days including today: per day, and the result types that failed most.' })
  tlsSummary(
    @Ctx() { services }: GraphQLContext,
    @Arg('domain', () => String) domain: string,
    @Arg('days', () => Int, { defaultValue: 30, description: '1 to 3660.' }) days: number,
  ): Promise<TlsSummary> {
    return services.tlsReports.summary({ domain, days }) as Promise<TlsSummary>;
  }

  @Query(() => [TlsDomain], { description: 'Every policy domain with TLS reports in the last `days` UTC days (at most 200, most sessions first): sessions and success rate.' })
  tlsDomains(@Ctx() { services }: GraphQLContext, @Arg('days', () => Int, { defaultValue: 30, description: '1 to 3660.' }) days: number): Promise<TlsDomain[]> {
    return services.tlsReports.byDomain({ days }) as Promise<TlsDomain[]>;
  }

  @FieldResolver(() => [TlsPolicy], { description: 'Its policies in stored order, each with its failure details.' })
  async policies(@Root() report: TlsReportType, @Ctx() { services }: GraphQLContext): Promise<TlsPolicy[]> {
    const policies = await services.tlsReports.policies(Number(report.id));
    return policies.map((policy) => ({ ...policy, id: String(policy.id) })) as unknown as TlsPolicy[];
  }
}
