import type { Job } from '../src/app/services.js';

/** Sunday 02:00: a fresh model over ANOMALY_TRAINING_DAYS (90), deployed when it passes the checks. */
export const trainAnomalyModelWeekly: Job = {
  name: 'train-anomaly-model-weekly',
  description: 'trains a new anomaly model over the last ANOMALY_TRAINING_DAYS days and deploys it when it passes the auto-deploy checks',
  defaultSchedule: '0 2 * * 0',
  async run({ services, slot, progress, logger }) {
    const result = await services.anomalies.trainAndAutoDeploy({
      days: services.config.anomaly.trainingDays,
      slot,
      // The slot's time, so a rerun of the slot trains over the same window.
      now: slot ?? new Date(),
      onProgress: progress,
      logger,
    });
    if (!result.trained) {
      logger.warn({ reason: result.reason }, 'no model trained');
      return { trained: false, reason: result.reason };
    }
    return { trained: true, modelId: result.model.id, deployed: result.decision.deployed, reused: result.reused, samples: result.model.sampleCount };
  },
};
