import type { WebhookService } from './webhook-service.js';

/**
 * Until deliveries run as the `deliver-webhooks` job (jobs/, issue #10): every `intervalMs` the
 * service sends what is due (retries; new events are sent at once by `enqueue`). A job replaces
 * this with one line, `await services.webhooks.deliverDue(new Date())`, on its own schedule.
 */
export function startDeliveryTimer(webhooks: WebhookService, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => webhooks.deliverInBackground(), intervalMs);
  // The timer alone never keeps the process alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
