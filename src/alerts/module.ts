import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import type { AlertSenderSource } from './alert-sender.js';
import { AlertService } from './alert-service.js';

/**
 * Alerts: raised from detection runs (a reaction to `detectionFinished`), with their lifecycle and
 * suppression rules; each names its source's sender, whose approval moves its severity.
 */
export function alertsModule(context: ConcernContext, senders: AlertSenderSource): ConcernModule<{ alerts: AlertService }> {
  const { em, events, config, logger } = context;
  return { name: 'alerts', provides: { alerts: new AlertService({ em, events, senders, cooldownDays: config.alerts.cooldownDays, logger: logger.child({ component: 'alerts' }) }) } };
}
