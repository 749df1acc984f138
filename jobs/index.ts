import { deliverWebhooks } from './deliver-webhooks.js';
import { detectAnomaliesDaily } from './detect-anomalies-daily.js';
import { generateAnalyticsCacheDaily } from './generate-analytics-cache-daily.js';
import type { JobDefinition } from './job-definition.js';
import { jobNames, type JobName } from './job-names.js';
import { pollMailbox } from './poll-mailbox.js';
import { purgeHistoryDaily } from './purge-history-daily.js';
import { purgeGeolocationCacheWeekly } from './purge-geolocation-cache-weekly.js';
import { trainAnomalyModelWeekly } from './train-anomaly-model-weekly.js';

export type { JobContext, JobDefinition, JobResult } from './job-definition.js';
export { jobNames, type JobName } from './job-names.js';

/** Every job, one file each, by its name (the compiler wants one for each name of job-names.ts). */
const definitionsByName: { readonly [Name in JobName]: JobDefinition } = {
  'train-anomaly-model-weekly': trainAnomalyModelWeekly,
  'detect-anomalies-daily': detectAnomaliesDaily,
  'purge-geolocation-cache-weekly': purgeGeolocationCacheWeekly,
  'generate-analytics-cache-daily': generateAnalyticsCacheDaily,
  'deliver-webhooks': deliverWebhooks,
  'poll-mailbox': pollMailbox,
  'purge-history-daily': purgeHistoryDaily,
};

/** Every job, in the order of job-names.ts. A new job: see README.md in this folder. */
export const jobDefinitions: readonly JobDefinition[] = jobNames.map((name) => definitionsByName[name]);
