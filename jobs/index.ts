import { deliverWebhooks } from './deliver-webhooks.js';
import { detectAnomaliesDaily } from './detect-anomalies-daily.js';
import { generateAnalyticsCacheDaily } from './generate-analytics-cache-daily.js';
import type { JobDefinition } from './job-definition.js';
import { nameSendersHourly } from './name-senders-hourly.js';
import { pollMailbox } from './poll-mailbox.js';
import { purgeHistoryDaily } from './purge-history-daily.js';
import { purgeGeolocationCacheWeekly } from './purge-geolocation-cache-weekly.js';
import { trainAnomalyModelWeekly } from './train-anomaly-model-weekly.js';

export type { JobContext, JobDefinition, JobResult } from './job-definition.js';

/** Every job, one file each. A new job: write its file, add it here (see README.md in this folder). */
export const jobDefinitions: readonly JobDefinition[] = [
  trainAnomalyModelWeekly,
  detectAnomaliesDaily,
  purgeGeolocationCacheWeekly,
  generateAnalyticsCacheDaily,
  deliverWebhooks,
  pollMailbox,
  purgeHistoryDaily,
  nameSendersHourly,
];
