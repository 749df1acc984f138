import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum GeoDatabaseState {
  READY = 'READY',
  UNAVAILABLE = 'UNAVAILABLE',
}
registerEnumType(GeoDatabaseState, { name: 'GeoDatabaseState', description: 'Whether a MaxMind database is loaded.' });

@ObjectType({ description: 'Where an IP address is, as far as the GeoIP databases know: looked up now or read from the geolocation cache.' })
export class Geolocation {
  @Field(() => String, { description: 'Canonical form of the address asked for.' })
  ip!: string;

  @Field(() => Boolean, { description: 'A country is known.' })
  found!: boolean;

  @Field(() => Boolean, { description: 'Answered from the geolocation cache rather than a database lookup now.' })
  fromCache!: boolean;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' })
  countryCode!: string | null;

  @Field(() => String, { nullable: true })
  countryName!: string | null;

  @Field(() => String, { nullable: true, description: 'Largest subdivision (state, region).' })
  subdivision!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Float, { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true })
  longitude!: number | null;

  @Field(() => Int, { nullable: true, description: 'Kilometres around latitude/longitude the address is likely in.' })
  accuracyRadiusKm!: number | null;

  @Field(() => Int, { nullable: true, description: 'Autonomous system number (needs GEOIP_ASN_DB).' })
  asn!: number | null;

  @Field(() => String, { nullable: true })
  asOrganization!: string | null;

  @Field(() => String, { nullable: true, description: 'Special-purpose range (private, loopback...), never looked up.' })
  reservedRange!: string | null;
}

@ObjectType({ description: 'One MaxMind database file.' })
export class GeoDatabaseStats {
  @Field(() => GeoDatabaseState)
  state!: GeoDatabaseState;

  @Field(() => String, { nullable: true, description: 'e.g. GeoLite2-City.' })
  databaseType!: string | null;

  @Field(() => Date, { nullable: true })
  buildDate!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it is unavailable, or why its last reload failed.' })
  error!: string | null;
}

@ObjectType({ description: 'The geolocation cache and databases.' })
export class GeoStats {
  @Field(() => GeoDatabaseState, { description: 'READY when every configured database is loaded.' })
  state!: GeoDatabaseState;

  @Field(() => Int, { description: 'Rows in the geolocation cache.' })
  cacheSize!: number;

  @Field(() => Int, { description: 'Rows past their expiry (looked up again on use, removed by geo-purge).' })
  expiredEntries!: number;

  @Field(() => Int)
  ttlDays!: number;

  @Field(() => Float, { description: 'Addresses answered from the cache since the server started.' })
  hits!: number;

  @Field(() => Float, { description: 'Addresses looked up in a database since the server started.' })
  misses!: number;

  @Field(() => Float, { nullable: true, description: 'hits / (hits + misses); null before the first lookup.' })
  hitRate!: number | null;

  @Field(() => GeoDatabaseStats)
  city!: GeoDatabaseStats;

  @Field(() => GeoDatabaseStats, { nullable: true, description: 'Null when no ASN database is configured.' })
  asn!: GeoDatabaseStats | null;
}
