import type { Job } from '../src/app/services.js';
import { deliverWebhooks } from './deliver-webhooks.js';
import { detectAnomaliesDaily } from './detect-anomalies-daily.js';
import { generateAnalyticsCacheDaily } from './generate-analytics-cache-daily.js';
import { nameSendersHourly } from './name-senders-hourly.js';
import { pollMailbox } from './poll-mailbox.js';
import { purgeHistoryDaily } from './purge-history-daily.js';
import { purgeGeolocationCacheWeekly } from './purge-geolocation-cache-weekly.js';
import { trainAnomalyModelWeekly } from './train-anomaly-model-weekly.js';

/** Every job, one file each. A new job: write its file, add it here (see README.md in this folder). */
export const jobDefinitions: readonly Job[] = [
  trainAnomalyModelWeekly,
  detectAnomaliesDaily,
  purgeGeolocationCacheWeekly,
  generateAnalyticsCacheDaily,
  deliverWebhooks,
  pollMailbox,
  purgeHistoryDaily,
  nameSendersHourly,
];
