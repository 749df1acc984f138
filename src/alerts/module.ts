import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { AlertService } from './alert-service.js';

/** Alerts: raised from detection runs (a reaction to `detectionFinished`), with their lifecycle and suppression rules. */
export function alertsModule(context: ConcernContext): ConcernModule<{ alerts: AlertService }> {
  const { em, events, config, logger } = context;
  return { name: 'alerts', provides: { alerts: new AlertService({ em, events, cooldownDays: config.alerts.cooldownDays, logger: logger.child({ component: 'alerts' }) }) } };
}
