import type { AnomalyModelService } from '../anomaly-detection/model-service.js';
import type { CredentialEvents } from '../auth/credential-events.js';
import type { Config } from '../config/config.js';
import { createErrorFormatter, formatExecutionResult } from '../graphql/format-error.js';
import type { Logger } from '../logging/logger.js';
import { TOPICS, type EventBus } from '../pubsub/index.js';
import { SubscriptionHub } from '../subscriptions/subscription-hub.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { alertFromMessage } from './alert-rows.js';
import type { AlertSenderSource } from './alert-sender.js';
import { AlertService } from './alert-service.js';
import { anomalyFromMessage } from './anomaly-messages.js';

export { AlertService } from './alert-service.js';
export { alertMatchesFilter, type AlertEventFilter } from './alert-filter.js';
export type { AlertView } from './alert-views.js';
export type { AlertSender, AlertSenderSource } from './alert-sender.js';

/**
 * The live side of the service: alerts raised after every detection run, credential revocations
 * shared with every instance, and the subscription hub reading the bus.
 */
export function createLiveServices(options: {
  em: EntityManager;
  config: Config;
  bus: EventBus;
  anomalies: AnomalyModelService;
  credentialEvents: CredentialEvents;
  /** Names and classifies alert sources; approvals move their severity. */
  senders?: AlertSenderSource;
  logger: Logger;
}): { alerts: AlertService; subscriptions: SubscriptionHub } {
  const { em, config, bus, anomalies, credentialEvents, senders, logger } = options;
  const alerts = new AlertService({ em, bus, cooldownDays: config.alerts.cooldownDays, logger: logger.child({ component: 'alerts' }), ...(senders ? { senders } : {}) });
  anomalies.onDetection(async (all, fresh) => {
    await alerts.processDetection(all, fresh);
  });
  // Revocations reach the sockets of other instances too (this instance ends its own at once).
  credentialEvents.on((change) => {
    bus.publish(TOPICS.credentialChanged, change).catch((error: unknown) => logger.error({ err: error }, 'cannot publish a credential change'));
  });
  const formatError = createErrorFormatter(logger, config.isProduction);
  const subscriptions = new SubscriptionHub({
    bus,
    decoders: { [TOPICS.alertRaised]: alertFromMessage, [TOPICS.alertUpdated]: alertFromMessage, [TOPICS.anomalyDetected]: anomalyFromMessage },
    formatResult: (result) => formatExecutionResult(result, formatError),
    logger: logger.child({ component: 'subscriptions' }),
  });
  return { alerts, subscriptions };
}
