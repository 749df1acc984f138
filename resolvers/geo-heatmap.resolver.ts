import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { Disposition, GeoHeatmap, TopSender } from './geo-heatmap.types.js';

@Resolver()
export class GeoHeatmapResolver {
  @Query(() => GeoHeatmap, { description: 'Messages per country and per map point over the last `days` days (1 to 3650).' })
  async geoHeatmap(
    @Ctx() { services }: GraphQLContext,
    @Arg('days', () => Int, { defaultValue: 30 }) days: number,
    @Arg('domain', () => String, { nullable: true }) domain?: string | null,
    @Arg('disposition', () => Disposition, { nullable: true }) disposition?: Disposition | null,
  ): Promise<GeoHeatmap> {
    const heatmap = await services.heatmaps.heatmap({ days, domain, disposition });
    return { ...heatmap, disposition: heatmap.disposition as Disposition | null };
  }

  @Query(() => [TopSender], { description: 'The source addresses of one country with the most messages over the last `days` days; what a map shows for a clicked country.' })
  async topSenders(
    @Ctx() { services }: GraphQLContext,
    @Arg('countryCode', () => String, { description: 'ISO 3166-1 alpha-2, e.g. "DE".' }) countryCode: string,
    @Arg('days', () => Int, { defaultValue: 30 }) days: number,
    @Arg('domain', () => String, { nullable: true }) domain?: string | null,
    @Arg('limit', () => Int, { defaultValue: 10, description: '1 to 100.' }) limit?: number,
  ): Promise<TopSender[]> {
    const senders = await services.heatmaps.topSenders({ countryCode, days, domain, limit });
    // The window and domain `TopSender.sender` is classified for (sender-fields.resolver.ts).
    return senders.map((sender) => Object.assign(new TopSender(), sender, { senderScope: { days, domain: domain ?? null } }));
  }
}
