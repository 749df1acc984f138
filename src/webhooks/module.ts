import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { startDeliveryTimer } from './delivery-timer.js';
import { WebhookService } from './webhook-service.js';

/**
 * Outbound webhooks. Alerts are queued by reactions to `alertsRaised`/`alertsUpdated` and sent at
 * once; the process serving the API also retries what is due every WEBHOOK_POLL_INTERVAL_MS and, at
 * start, sends what a previous run left due (everywhere else the deliver-webhooks job catches up;
 * each delivery is taken by one process: FOR UPDATE SKIP LOCKED). Stopping lets deliveries under
 * way finish (each bounded by WEBHOOK_TIMEOUT_MS) before the pool closes.
 */
export function webhooksModule(context: ConcernContext): ConcernModule<{ webhooks: WebhookService }> {
  const { em, logger, config, clock } = context;
  const webhooks = new WebhookService({ em, logger, settings: config.webhooks, now: clock });
  let timer: { stop(): void } | undefined;
  return {
    name: 'webhooks',
    provides: { webhooks },
    start(role) {
      if (role.kind !== 'server') return;
      timer = startDeliveryTimer(webhooks, config.webhooks.pollIntervalMs);
      webhooks.deliverInBackground();
    },
    async stop() {
      timer?.stop();
      await webhooks.stop();
    },
  };
}
