import { Field, Float, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Messages and DMARC passes of one UTC day.' })
export class DailyPassRates {
  @Field(() => String, { description: 'UTC day, YYYY-MM-DD.' })
  date!: string;

  @Field(() => Float)
  messages!: number;

  @Field(() => Float, { description: 'Messages passing DMARC (aligned DKIM or aligned SPF pass).' })
  dmarcPass!: number;

  @Field(() => Float, { nullable: true, description: 'dmarcPass / messages; null without messages.' })
  passRate!: number | null;
}

@ObjectType({ description: 'Messages and pass rates over a window of days, weighted by message count.' })
export class ReportSummary {
  @Field(() => Date, { description: 'Start of the first day (UTC).' })
  from!: Date;

  @Field(() => Date, { description: 'End of the window (exclusive): the start of tomorrow (UTC).' })
  to!: Date;

  @Field(() => String, { nullable: true })
  domain!: string | null;

  @Field(() => Float)
  totalMessages!: number;

  @Field(() => Float)
  dmarcPass!: number;

  @Field(() => Float)
  spfPass!: number;

  @Field(() => Float)
  dkimPass!: number;

  @Field(() => Float, { nullable: true, description: 'Null without messages.' })
  dmarcPassRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Aligned SPF passes / messages.' })
  spfPassRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Aligned DKIM passes / messages.' })
  dkimPassRate!: number | null;

  @Field(() => [DailyPassRates], { description: 'Every day of the window, oldest first.' })
  daily!: DailyPassRates[];
}
