/**
 * The name of every job, in the order `jobs` lists them; jobs/index.ts has one definition for each
 * (the compiler checks). The configuration checks JOB_<NAME>_CRON / JOB_<NAME>_TIMEZONE against
 * this list, so that `check-config` refuses a misspelt job name exactly as `serve` does, without
 * loading the jobs (which src/ may not import).
 */
export const jobNames = [
  'train-anomaly-model-weekly',
  'detect-anomalies-daily',
  'purge-geolocation-cache-weekly',
  'generate-analytics-cache-daily',
  'deliver-webhooks',
  'poll-mailbox',
  'purge-history-daily',
  'name-senders-hourly',
] as const;

export type JobName = (typeof jobNames)[number];
