import type { Job } from '../src/app/services.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * 05:00 daily: the history that only grows goes once it is older than HISTORY_RETENTION_DAYS
 * (finished job runs, webhook deliveries that ended), and failed-login records that no longer lock
 * anyone. Reports, alerts and refused files are the user's data and are never purged here.
 */
export const purgeHistoryDaily: Job = {
  name: 'purge-history-daily',
  description: 'deletes finished job runs and ended webhook deliveries older than HISTORY_RETENTION_DAYS, and stale failed-login records',
  defaultSchedule: '0 5 * * *',
  async run({ services }) {
    const before = new Date(Date.now() - services.config.jobs.historyRetentionDays * DAY_MS);
    return {
      jobRuns: await services.jobs.purgeRuns(before),
      webhookDeliveries: await services.webhooks.purgeCompletedDeliveries(before),
      loginThrottles: await services.auth.users.purgeStaleThrottles(),
    };
  },
};
