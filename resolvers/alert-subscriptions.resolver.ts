import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { alertMatchesFilter, filterableAnomaly, type AlertEventFilter as Filter } from '../src/alerts/alert-filter.js';
import type { AlertView } from '../src/alerts/alert-views.js';
import type { AnomalyView } from '../src/anomaly-detection/anomaly-views.js';
import { checkSubscriptionField } from '../src/auth/permissions.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { TOPICS, type Topic } from '../src/pubsub/index.js';
import { toAlertType } from './alert.resolver.js';
import { AlertEventFilter, AlertType } from './alert.types.js';
import { Anomaly } from './anomaly.types.js';
import { toAnomaly } from './anomaly.resolver.js';

type Data = SubscribeResolverData<unknown, { filter?: Filter | null }, GraphQLContext>;

/**
 * Starts a subscription in the hub: the field's permission rule first, then the subscriber joins the
 * group of identical subscriptions. Every subscription field goes through here: the WebSocket
 * transport runs subscriptions with createSourceEventStream and takes the hub's stream as is.
 */
function join(topic: Topic, matches: (filter: Filter | null | undefined, event: never) => boolean) {
  return async ({ args, context, info }: Data) => {
    const refused = await checkSubscriptionField(info.fieldName, context);
    if (refused) throw refused;
    return context.services.subscriptions.join({ topic, info: info as GraphQLResolveInfo, context, matches: (event: never) => matches(args.filter, event) });
  };
}

@Resolver()
export class AlertSubscriptionsResolver {
  @Subscription(() => AlertType, {
    description: 'Each new alert, once, on every instance (VIEWER and up).',
    subscribe: join(TOPICS.alertRaised, (filter, alert: AlertView) => alertMatchesFilter(filter, alert)),
  })
  alertRaised(@Root() alert: AlertView, @Arg('filter', () => AlertEventFilter, { nullable: true }) _filter: AlertEventFilter | null): AlertType {
    return toAlertType(alert);
  }

  @Subscription(() => AlertType, {
    description: 'Alerts whose state changed (acknowledged, resolved, suppressed), so every dashboard stays in sync.',
    subscribe: join(TOPICS.alertUpdated, (filter, alert: AlertView) => alertMatchesFilter(filter, alert)),
  })
  alertUpdated(@Root() alert: AlertView, @Arg('filter', () => AlertEventFilter, { nullable: true }) _filter: AlertEventFilter | null): AlertType {
    return toAlertType(alert);
  }

  @Subscription(() => Anomaly, {
    description: 'Every anomaly a detection run stores for the first time (alerts are the deduplicated view of these).',
    subscribe: join(TOPICS.anomalyDetected, (filter, anomaly: AnomalyView) => alertMatchesFilter(filter, filterableAnomaly(anomaly))),
  })
  anomalyDetected(@Root() anomaly: AnomalyView, @Arg('filter', () => AlertEventFilter, { nullable: true }) _filter: AlertEventFilter | null): Anomaly {
    return toAnomaly(anomaly);
  }
}
