import { Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import { MailboxStatus } from './mailbox.types.js';

@Resolver()
export class MailboxResolver {
  @Query(() => MailboxStatus, { description: 'What mailbox ingestion has done: last pass, messages seen, reports stored, refused, last error.' })
  async mailboxStatus(@Ctx() { services }: GraphQLContext): Promise<MailboxStatus> {
    const ingester = services.mailbox.ingester;
    const status = await services.mailbox.current();
    return {
      configured: ingester !== undefined,
      mailbox: ingester?.mailbox ?? null,
      lastPassStartedAt: status?.lastPassStartedAt ?? null,
      lastPassFinishedAt: status?.lastPassFinishedAt ?? null,
      lastPassMessages: status?.lastPassMessages ?? 0,
      lastPassReports: status?.lastPassReports ?? 0,
      lastPassRefused: status?.lastPassRefused ?? 0,
      messagesSeen: status?.messagesSeen ?? 0,
      reportsStored: status?.reportsStored ?? 0,
      refused: status?.messagesRefused ?? 0,
      poisoned: status?.messagesPoisoned ?? 0,
      failingMessages: status?.failingMessages ?? 0,
      lastError: status?.lastError ?? null,
      lastErrorAt: status?.lastErrorAt ?? null,
    };
  }
}
