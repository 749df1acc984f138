import type { WebhookService } from './webhook-service.js';

/**
 * In the process serving the API, every `intervalMs` (WEBHOOK_POLL_INTERVAL_MS, 15 s) the service
 * sends what is due: retries, whose first wait is 30 s, would otherwise wait for the
 * `deliver-webhooks` job's next minute. New events are sent at once by `enqueue`; the job
 * (jobs/deliver-webhooks.ts) catches up wherever no server runs. Both may run: each delivery is
 * taken by one of them (FOR UPDATE SKIP LOCKED).
 */
export function startDeliveryTimer(webhooks: WebhookService, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => webhooks.deliverInBackground(), intervalMs);
  // The timer alone never keeps the process alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
