import { NoDeployedModelError } from '../src/anomaly-detection/errors.js';
import type { Job } from '../src/app/services.js';

/**
 * 03:00: detection with the deployed model over the last week. Its `detectionFinished` reactions
 * raise alerts for what is new (src/app/reactions.ts); a rerun of the slot uses the same window and
 * updates its rows.
 */
export const detectAnomaliesDaily: Job = {
  name: 'detect-anomalies-daily',
  description: 'scores the last week of senders with the deployed model and stores (and announces) the new anomalies',
  defaultSchedule: '0 3 * * *',
  async run({ services, slot, progress, logger }) {
    await progress(0.1, 'scoring senders');
    try {
      const result = await services.anomalies.detect({}, slot ?? new Date());
      return { scored: result.scoredCount, anomalies: result.anomalies.length, new: result.newCount, modelId: result.model.id };
    } catch (error) {
      // Not a failure to retry: nothing to detect with until a model is deployed.
      if (!(error instanceof NoDeployedModelError)) throw error;
      logger.warn('no deployed model: nothing detected');
      return { scored: 0, anomalies: 0, new: 0, modelId: null };
    }
  },
};
