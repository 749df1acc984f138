import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { MlModel, type DeployDecision } from '../../../entities/ml-model.entity.js';
import type { Logger } from '../../logging/logger.js';
import type { ModelView } from '../anomaly-views.js';
import { InsufficientTrainingDataError } from '../errors.js';
import { computeFeatures } from '../features/compute-features.js';
import type { IsolationForest } from '../isolation-forest/index.js';
import { toModelView } from '../model-mapping.js';
import { lastDays } from '../day-windows.js';
import { DEFAULT_DETECTION_DAYS, MIN_TRAINING_SAMPLES, type ProgressCallback, type TrainOptions } from '../training-parameters.js';
import {
  plantedRecall,
  plantedRecallCheck,
  sampleCheck,
  scoreDistributionCheck,
  topAgreement,
  topAgreementCheck,
  type ModelUnderTest,
} from './deploy-checks.js';
import { plantedCampaignFeatures } from './planted-senders.js';

export type ScheduledTrainingResult =
  | { readonly trained: true; readonly model: ModelView; readonly decision: DeployDecision; readonly reused: boolean }
  | { readonly trained: false; readonly reason: string };

/** What the scheduled training needs of the model service (AnomalyModelService). */
export interface ModelTrainer {
  modelForSlot(slot: Date): Promise<MlModel | null>;
  train(options: TrainOptions, now: Date, run: { readonly onProgress?: ProgressCallback; readonly scheduleSlot?: Date | null }): Promise<ModelView>;
  forestOf(model: MlModel): IsolationForest;
  deploy(modelId: string): Promise<ModelView>;
}

export interface ScheduledTrainingOptions {
  readonly days: number;
  readonly slot: Date | null;
  readonly now: Date;
  readonly onProgress?: ProgressCallback;
  readonly logger: Logger;
}

let planted: Float64Array[] | undefined;

/**
 * The weekly training: trains over `days` (one model per schedule slot, however often the slot
 * runs), judges the model with the auto-deploy checks, records the decision on it and deploys it
 * when every check passes. A refused model stays listed; `deployModel` deploys it by hand.
 */
export async function trainAndAutoDeploy(
  service: ModelTrainer,
  em: EntityManager,
  options: ScheduledTrainingOptions,
): Promise<ScheduledTrainingResult> {
  const progress = options.onProgress ?? (() => {});
  let model = options.slot ? await service.modelForSlot(options.slot) : null;
  if (model?.deployDecision) return { trained: true, model: toModelView(model), decision: model.deployDecision, reused: true };
  if (model === null) {
    try {
      const view = await service.train({ days: options.days }, options.now, {
        scheduleSlot: options.slot,
        onProgress: (fraction, message) => progress(fraction * 0.8, message),
      });
      model = await em.findOneOrFail(MlModel, { id: view.id }, { populate: ['modelData'], refresh: true });
    } catch (error) {
      if (error instanceof InsufficientTrainingDataError) return { trained: false, reason: error.message };
      // Another worker stored this slot's model in the meantime: judge that one.
      if (!(error instanceof UniqueConstraintViolationException) || !options.slot) throw error;
      model = await service.modelForSlot(options.slot);
      if (!model) throw error;
    }
  }
  await progress(0.8, 'checking the model before deploying it');
  const decision = await decide(service, em, model, options.now);
  await em.nativeUpdate(MlModel, { id: model.id }, { deployDecision: decision });
  if (decision.deployed) await service.deploy(model.id);
  options.logger.info({ modelId: model.id, deployed: decision.deployed, reason: decision.reason }, 'auto-deploy decision');
  await progress(1, decision.deployed ? 'deployed' : 'kept, not deployed');
  const stored = await em.findOneOrFail(MlModel, { id: model.id }, { refresh: true });
  return { trained: true, model: toModelView(stored), decision, reused: false };
}

async function decide(service: ModelTrainer, em: EntityManager, model: MlModel, now: Date): Promise<DeployDecision> {
  const deployed = await em.findOne(MlModel, { deployed: true, id: { $ne: model.id } }, { populate: ['modelData'], refresh: true });
  const candidate = underTest(service, model);
  planted ??= plantedCampaignFeatures();
  const candidateRecall = plantedRecall(candidate, planted);
  const checks = [sampleCheck(candidate, MIN_TRAINING_SAMPLES), scoreDistributionCheck(candidate)];
  if (deployed === null) {
    checks.push(plantedRecallCheck(candidateRecall, null, planted.length), topAgreementCheck(null, 0));
  } else {
    const current = underTest(service, deployed);
    // The same recent window for both: the senders of the last week, as detection sees them.
    const window = await computeFeatures(em, lastDays(DEFAULT_DETECTION_DAYS, now));
    checks.push(
      plantedRecallCheck(candidateRecall, plantedRecall(current, planted), planted.length),
      topAgreementCheck(window.matrix.length > 0 ? topAgreement(candidate.forest, current.forest, window.matrix) : null, window.matrix.length),
    );
  }
  const failed = checks.filter((check) => !check.passed);
  return {
    deployed: failed.length === 0,
    reason: failed.length === 0 ? 'every check passed' : `not deployed: ${failed.map((check) => `${check.name} (${check.detail})`).join('; ')}`,
    checks,
    decidedAt: new Date().toISOString(),
  };
}

function underTest(service: ModelTrainer, model: MlModel): ModelUnderTest {
  const distribution = model.scoreDistribution as { quantiles?: Record<string, number> };
  return {
    forest: service.forestOf(model),
    threshold: model.threshold,
    sampleCount: model.sampleCount,
    quantiles: distribution.quantiles ?? {},
    contamination: Number((model.parameters as { contamination?: number }).contamination ?? 0.05),
  };
}
