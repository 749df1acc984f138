import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { BadUserInputError } from '../src/errors/app-error.js';
import type { GeoDatabaseSummary } from '../src/geolocation/cache/index.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { GeoDatabaseState, GeoDatabaseStats, Geolocation, GeoStats } from './geo.types.js';

const MAX_GEO_LOOKUPS = 1_000;

@Resolver()
export class GeoResolver {
  @Query(() => Geolocation, { description: 'Geolocates one IPv4 or IPv6 address (addresses some stored report comes from are cached for GEOIP_CACHE_TTL_DAYS).' })
  geoLookup(@Arg('ip', () => String) ip: string, @Ctx() { services }: GraphQLContext): Promise<Geolocation> {
    return services.geo.lookup(ip);
  }

  @Query(() => [Geolocation], { description: `Geolocates up to ${MAX_GEO_LOOKUPS} addresses, answers in input order.` })
  geoLookups(@Arg('ips', () => [String]) ips: string[], @Ctx() { services }: GraphQLContext): Promise<Geolocation[]> {
    if (ips.length > MAX_GEO_LOOKUPS) throw new BadUserInputError(`at most ${MAX_GEO_LOOKUPS} addresses per request (got ${ips.length})`);
    return services.geo.lookupMany(ips);
  }

  @Query(() => GeoStats, { description: 'Geolocation cache size and hit rate, and the GeoIP databases in use.' })
  async geoStats(@Ctx() { services }: GraphQLContext): Promise<GeoStats> {
    const stats = await services.geo.stats();
    return {
      ...stats,
      state: stats.ready ? GeoDatabaseState.READY : GeoDatabaseState.UNAVAILABLE,
      city: databaseStats(stats.city),
      asn: stats.asn ? databaseStats(stats.asn) : null,
    };
  }
}

function databaseStats(summary: GeoDatabaseSummary): GeoDatabaseStats {
  return { ...summary, state: summary.state === 'ready' ? GeoDatabaseState.READY : GeoDatabaseState.UNAVAILABLE };
}
