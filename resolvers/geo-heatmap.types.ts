import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { FloatColumn, IntColumn, NullableStringColumn } from './column-scalars.js';

/** DMARC policy applied to the messages (the record's disposition). */
export enum Disposition {
  NONE = 'none',
  QUARANTINE = 'quarantine',
  REJECT = 'reject',
}
registerEnumType(Disposition, { name: 'Disposition', description: 'The policy the receiver applied to the messages.' });

// The heatmap types are plain data with no middleware: `simpleResolvers` lets GraphQL read each
// property directly instead of through type-graphql's wrapper, once per field of every country.
@ObjectType({ simpleResolvers: true, description: 'Messages from a set of source addresses.' })
export class HeatmapTally {
  @Field(() => Float, { description: 'Sum of the records\' message counts.' })
  messages!: number;

  @Field(() => Int)
  distinctIps!: number;

  @Field(() => Float, { description: 'Messages where neither aligned DKIM nor aligned SPF passed.' })
  dmarcFailures!: number;

  @Field(() => Float, { description: 'dmarcFailures / messages (0 to 1).' })
  dmarcFailureRate!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One country of a heatmap.' })
export class HeatmapCountry extends HeatmapTally {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' })
  countryCode!: string;

  @Field(() => String, { nullable: true })
  countryName!: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'The dots of a map as parallel columns, most messages first: entry i of every column describes point i, ' +
    'a city or a 0.1° cell for addresses located without a city. Columns are what map libraries take ' +
    '(e.g. deck.gl binary attributes), and thousands of points travel as a few arrays.',
})
export class HeatmapPoints {
  @Field(() => Int, { description: 'Number of points: the length of every column.' })
  count!: number;

  @Field(() => NullableStringColumn, { description: 'ISO 3166-1 alpha-2 per point.' })
  countryCode!: readonly (string | null)[];

  @Field(() => NullableStringColumn, { description: 'City per point; null for a 0.1° cell.' })
  city!: readonly (string | null)[];

  @Field(() => FloatColumn, { description: 'Mean latitude of the point\'s addresses, 4 decimals.' })
  latitude!: readonly number[];

  @Field(() => FloatColumn, { description: 'Mean longitude of the point\'s addresses, 4 decimals.' })
  longitude!: readonly number[];

  @Field(() => FloatColumn, { description: 'Messages per point (sum of the records\' message counts).' })
  messages!: readonly number[];

  @Field(() => IntColumn, { description: 'Distinct source addresses per point.' })
  ips!: readonly number[];
}

@ObjectType({ simpleResolvers: true, description: 'Where the mail of a window of days came from.' })
export class GeoHeatmap {
  @Field(() => Int)
  days!: number;

  @Field(() => String, { nullable: true })
  domain!: string | null;

  @Field(() => Disposition, { nullable: true })
  disposition!: Disposition | null;

  @Field(() => [HeatmapCountry], { description: 'Most messages first.' })
  countries!: readonly HeatmapCountry[];

  @Field(() => HeatmapTally, { description: 'Public addresses the GeoIP database has no country for.' })
  unknown!: HeatmapTally;

  @Field(() => HeatmapTally, { description: 'Private, loopback, documentation and other special-purpose addresses.' })
  reserved!: HeatmapTally;

  @Field(() => HeatmapPoints, { description: 'The finer level for maps: messages per city or 0.1° cell, as columns.' })
  points!: HeatmapPoints;

  @Field(() => Float, { description: 'Messages of the largest country.' })
  maxCount!: number;

  @Field(() => Float, { description: 'Every message of the window, unknown and reserved included.' })
  totalMessages!: number;

  @Field(() => Int)
  totalIps!: number;

  @Field(() => Date)
  generatedAt!: Date;

  @Field(() => Boolean, { description: 'Served from the analytics cache.' })
  fromCache!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A source address of one country, by messages over the window.' })
export class TopSender {
  @Field(() => String)
  sourceIp!: string;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float, { description: 'Messages where neither aligned DKIM nor aligned SPF passed.' })
  dmarcFailures!: number;

  @Field(() => Float, { description: 'dmarcFailures / messages (0 to 1).' })
  dmarcFailureRate!: number;

  @Field(() => [String], { description: 'Policy domains the address sent for.' })
  domains!: readonly string[];

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Int, { nullable: true, description: 'Autonomous system number (with an ASN database).' })
  asn!: number | null;

  @Field(() => String, { nullable: true })
  asOrganization!: string | null;

  /** The window and domain its `sender` is classified for (set by the resolver; not a field). */
  senderScope?: { readonly days: number; readonly domain: string | null };
}
