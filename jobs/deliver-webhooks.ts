import type { Job } from '../src/app/services.js';

/**
 * Sends webhook deliveries that are due: retries after their backoff, and anything a stopped
 * process left behind. New alerts are sent at once by `WebhookService.enqueue`; this job only
 * catches up, so once a minute is enough. Several workers may run it at once: each delivery is
 * taken by one of them (FOR UPDATE SKIP LOCKED).
 */
export const deliverWebhooks: Job = {
  name: 'deliver-webhooks',
  description: 'Sends webhook deliveries whose (next) attempt is due',
  defaultSchedule: '* * * * *',
  async run({ services }) {
    const run = await services.webhooks.deliverDue(new Date());
    return { ...run };
  },
};
