import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

/** DMARC policy applied to the messages (the record's disposition). */
export enum Disposition {
  NONE = 'none',
  QUARANTINE = 'quarantine',
  REJECT = 'reject',
}
registerEnumType(Disposition, { name: 'Disposition', description: 'The policy the receiver applied to the messages.' });

@ObjectType({ description: 'Messages from a set of source addresses.' })
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

@ObjectType({ description: 'One country of a heatmap.' })
export class HeatmapCountry extends HeatmapTally {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' })
  countryCode!: string;

  @Field(() => String, { nullable: true })
  countryName!: string | null;
}

@ObjectType({ description: 'A dot on a map: a city, or a 0.1° cell for addresses located without a city.' })
export class HeatmapPoint {
  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => Float)
  messages!: number;

  @Field(() => Int)
  ips!: number;
}

@ObjectType({ description: 'Where the mail of a window of days came from.' })
export class GeoHeatmap {
  @Field(() => Int)
  days!: number;

  @Field(() => String, { nullable: true })
  domain!: string | null;

  @Field(() => Disposition, { nullable: true })
  disposition!: Disposition | null;

  @Field(() => [HeatmapCountry], { description: 'Most messages first.' })
  countries!: HeatmapCountry[];

  @Field(() => HeatmapTally, { description: 'Public addresses the GeoIP database has no country for.' })
  unknown!: HeatmapTally;

  @Field(() => HeatmapTally, { description: 'Private, loopback, documentation and other special-purpose addresses.' })
  reserved!: HeatmapTally;

  @Field(() => [HeatmapPoint], { description: 'Most messages first.' })
  points!: HeatmapPoint[];

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
