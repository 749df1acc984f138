import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import type { SenderView } from '../src/senders/sender-views.js';
import { MAX_SENDER_PAGE } from '../src/senders/sender-service.js';
import type { OperatorMapEntry } from '../src/senders/service-map/service-map.js';
import { requirePrincipal } from './auth.resolver.js';
import {
  Sender,
  SenderApprovalChange,
  SenderConnection,
  SenderFilterInput,
  SenderIp,
  SenderMapEntry,
  SenderMapEntryInput,
  SenderOrderInput,
} from './sender.types.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import { AFTER_ARGUMENT } from './connection.types.js';

/** A service view as the GraphQL type, with the window kept for `ips`. */
const toSender = (view: SenderView, days: number): Sender => ({ ...view, days }) as unknown as Sender;

/** Named and classified senders, their approvals and the operator's map entries (src/senders). */
@Resolver(() => Sender)
export class SenderResolver {
  @Query(() => SenderConnection, { description: 'Who sends as your domains over the last `days` days: one entry per policy domain and sender, classified with evidence; most messages first unless `orderBy` says otherwise.' })
  async senders(
    @Ctx() { services }: GraphQLContext,
    @Arg('filter', () => SenderFilterInput, { nullable: true }) filter: SenderFilterInput | null,
    @Arg('days', () => Int, { defaultValue: 30, description: '1 to 3650.' }) days: number,
    @Arg('orderBy', () => SenderOrderInput, { nullable: true }) orderBy: SenderOrderInput | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_SENDER_PAGE}.` }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<Sender> & { truncated: boolean }> {
    return mapNodes(await services.senders.list(filter ?? {}, { days, orderBy, first, after }), (view) => toSender(view, days));
  }

  @Query(() => Sender, { description: 'One sender of one domain over the last `days` days; NOT_FOUND when it sent no mail for the domain then.' })
  async sender(
    @Ctx() { services }: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('days', () => Int, { defaultValue: 30, description: '1 to 3650.' }) days: number,
  ): Promise<Sender> {
    return toSender(await services.senders.get(id, days), days);
  }

  @FieldResolver(() => [SenderIp], { description: 'Its addresses in the window, most messages first, with their reverse DNS.' })
  ips(
    @Ctx() { services }: GraphQLContext,
    @Root() sender: Sender,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 500.' }) first: number,
  ): Promise<SenderIp[]> {
    return services.senders.ips(sender.id, sender.days ?? 30, first) as Promise<SenderIp[]>;
  }

  @FieldResolver(() => [SenderApprovalChange], { description: 'Every approval, rejection, clearing and annotation for this domain, oldest first.' })
  history(@Ctx() { services }: GraphQLContext, @Root() sender: Sender): Promise<SenderApprovalChange[]> {
    return services.senders.history(sender.id) as Promise<SenderApprovalChange[]>;
  }

  @Mutation(() => Sender, { description: 'Approves the sender for its domain (audited): its alerts are lowered in severity. NOT_FOUND when it never sent mail for the domain.' })
  async approveSender(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<Sender> {
    return toSender(await context.services.senders.approve(id, requirePrincipal(context), comment), 30);
  }

  @Mutation(() => Sender, { description: 'Rejects the sender for its domain (audited): its alerts are raised in severity.' })
  async rejectSender(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<Sender> {
    return toSender(await context.services.senders.reject(id, requirePrincipal(context), comment), 30);
  }

  @Mutation(() => Sender, { description: 'Takes back an approval or rejection: UNDECIDED again (audited).' })
  async clearSenderApproval(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<Sender> {
    return toSender(await context.services.senders.clearApproval(id, requirePrincipal(context), comment), 30);
  }

  @Mutation(() => Sender, { description: 'Sets the sender\'s note for its domain; null removes it (audited).' })
  async annotateSender(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null): Promise<Sender> {
    return toSender(await context.services.senders.annotate(id, requirePrincipal(context), note), 30);
  }

  @Query(() => [SenderMapEntry], { description: 'The operator\'s own service map entries (the bundled map is in src/senders/service-map/data).' })
  senderMapEntries(@Ctx() { services }: GraphQLContext): Promise<OperatorMapEntry[]> {
    return services.senders.mapEntries();
  }

  @Mutation(() => SenderMapEntry, { description: 'Adds a service map entry, or replaces the one of the same base domain or ASN; addresses it names are counted under it at once.' })
  upsertSenderMapEntry(@Ctx() context: GraphQLContext, @Arg('input', () => SenderMapEntryInput) input: SenderMapEntryInput): Promise<OperatorMapEntry> {
    return context.services.senders.upsertMapEntry(input, requirePrincipal(context));
  }

  @Mutation(() => SenderMapEntry, { description: 'Removes an operator\'s map entry (the bundled map applies again); NOT_FOUND for an unknown id.' })
  deleteSenderMapEntry(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<OperatorMapEntry> {
    return services.senders.deleteMapEntry(id);
  }
}
