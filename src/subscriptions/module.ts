import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { createErrorFormatter, formatExecutionResult } from '../graphql/format-error.js';
import type { EventBus } from '../pubsub/index.js';
import { SubscriptionHub, type SubscriptionHubOptions } from './subscription-hub.js';

/**
 * The fan-out of bus events to GraphQL subscriptions. It reads the bus itself (every instance's
 * events, this one's included), so it is the same whether the bus is in memory or Redis;
 * `decoders` turn each topic's messages back into root values (src/app/reactions.ts says which).
 */
export function subscriptionsModule(context: ConcernContext, bus: EventBus, decoders: SubscriptionHubOptions['decoders']): ConcernModule<{ subscriptions: SubscriptionHub }> {
  const { logger, config } = context;
  const formatError = createErrorFormatter(logger, config.isProduction);
  const subscriptions = new SubscriptionHub({
    bus,
    decoders,
    formatResult: (result) => formatExecutionResult(result, formatError),
    logger: logger.child({ component: 'subscriptions' }),
  });
  return { name: 'subscriptions', provides: { subscriptions } };
}
