import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Mailbox ingestion (IMAP_URL): the last pass and the totals.' })
export class MailboxStatus {
  @Field(() => Boolean, { description: 'False when IMAP_URL is not set (every other field is then null or 0).' })
  configured!: boolean;

  @Field(() => String, { nullable: true, description: 'user@host:port/mailbox (never the password).' })
  mailbox!: string | null;

  @Field(() => Date, { nullable: true })
  lastPassStartedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastPassFinishedAt!: Date | null;

  @Field(() => Int, { description: 'Messages read by the last pass.' })
  lastPassMessages!: number;

  @Field(() => Int, { description: 'Reports the last pass stored.' })
  lastPassReports!: number;

  @Field(() => Int, { description: 'Messages the last pass moved to the refused folder.' })
  lastPassRefused!: number;

  @Field(() => Float, { description: 'Messages read, all passes.' })
  messagesSeen!: number;

  @Field(() => Float, { description: 'Reports stored from the mailbox, all passes.' })
  reportsStored!: number;

  @Field(() => Float, { description: 'Messages moved to the refused folder, all passes.' })
  refused!: number;

  @Field(() => Float, {
    description: 'Poison messages: moved to the refused folder and quarantined (INGESTION_FAILED) after their ingestion failed IMAP_MAX_ATTEMPTS times with an unexpected error, all passes (counted in refused too).',
  })
  poisoned!: number;

  @Field(() => Int, { description: 'Messages still in the mailbox whose ingestion failed with an unexpected error; each is tried again by the next passes, up to IMAP_MAX_ATTEMPTS.' })
  failingMessages!: number;

  @Field(() => String, { nullable: true, description: 'The latest failure (connection, login, a pass stopped early, a message whose ingestion failed).' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  lastErrorAt!: Date | null;
}
