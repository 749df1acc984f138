import type { Job } from '../src/app/services.js';
import { jobNames, type JobName } from '../src/config/job-names.js';
import { deliverWebhooks } from './deliver-webhooks.js';
import { detectAnomaliesDaily } from './detect-anomalies-daily.js';
import { generateAnalyticsCacheDaily } from './generate-analytics-cache-daily.js';
import { nameSendersHourly } from './name-senders-hourly.js';
import { pollMailbox } from './poll-mailbox.js';
import { purgeHistoryDaily } from './purge-history-daily.js';
import { purgeGeolocationCacheWeekly } from './purge-geolocation-cache-weekly.js';
import { trainAnomalyModelWeekly } from './train-anomaly-model-weekly.js';

/**
 * Every job, one file each, under its name: the compiler wants one for each name of
 * src/config/job-names.ts (which the configuration checks JOB_<NAME>_* settings against).
 */
const definitionsByName: { readonly [Name in JobName]: Job } = {
  'train-anomaly-model-weekly': trainAnomalyModelWeekly,
  'detect-anomalies-daily': detectAnomaliesDaily,
  'purge-geolocation-cache-weekly': purgeGeolocationCacheWeekly,
  'generate-analytics-cache-daily': generateAnalyticsCacheDaily,
  'deliver-webhooks': deliverWebhooks,
  'poll-mailbox': pollMailbox,
  'purge-history-daily': purgeHistoryDaily,
  'name-senders-hourly': nameSendersHourly,
};

/** Every job, in the order of src/config/job-names.ts. A new job: CONTRIBUTING.md, "Add a job". */
export const jobDefinitions: readonly Job[] = jobNames.map((name) => definitionsByName[name]);
