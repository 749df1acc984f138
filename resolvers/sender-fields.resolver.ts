import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import type { SenderSummaryView } from '../src/senders/sender-views.js';
import { Anomaly } from './anomaly.types.js';
import { TopSender } from './geo-heatmap.types.js';
import { SenderSummary } from './sender.types.js';

/** `sender` on the types that name a source address; each list's items are described in one batch (SenderService.describe). */
@Resolver(() => Anomaly)
export class AnomalySenderResolver {
  @FieldResolver(() => SenderSummary, { nullable: true, description: 'Who the source is over the anomaly\'s window, for its domain (a model anomaly: its first policy domain); null when not known.' })
  sender(@Ctx() { services }: GraphQLContext, @Root() anomaly: Anomaly): Promise<SenderSummaryView | null> {
    const domain = anomaly.domain ?? anomaly.policyDomains[0];
    if (!domain) return Promise.resolve(null);
    return services.senders.describe(anomaly.sourceIp, domain, { from: anomaly.windowStart, to: anomaly.windowEnd });
  }
}

@Resolver(() => TopSender)
export class TopSenderSenderResolver {
  @FieldResolver(() => SenderSummary, { nullable: true, description: 'Who the address is over the same window, for the chosen domain (or the first it sent for).' })
  sender(@Ctx() { services }: GraphQLContext, @Root() top: TopSender): Promise<SenderSummaryView | null> {
    const domain = top.senderScope?.domain ?? top.domains[0];
    if (!domain) return Promise.resolve(null);
    return services.senders.describe(top.sourceIp, domain, services.senders.window(top.senderScope?.days ?? 30));
  }
}
