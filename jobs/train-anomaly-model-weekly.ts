import { trainAndAutoDeploy } from '../src/anomaly-detection/auto-deploy/scheduled-training.js';
import type { JobDefinition } from '../src/scheduler/job-definition.js';

/** Sunday 02:00: a fresh model over ANOMALY_TRAINING_DAYS (90), deployed when it passes the checks. */
export const trainAnomalyModelWeekly: JobDefinition = {
  name: 'train-anomaly-model-weekly',
  description: 'trains a new anomaly model over the last ANOMALY_TRAINING_DAYS days and deploys it when it passes the auto-deploy checks',
  defaultSchedule: '0 2 * * 0',
  async run({ services, em, slot, progress, logger }) {
    const result = await trainAndAutoDeploy(services.anomalies, em, {
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
