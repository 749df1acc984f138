import type { MlModel } from '../../entities/ml-model.entity.js';
import type { ModelView } from './anomaly-views.js';

export function toModelView(model: MlModel): ModelView {
  return {
    id: model.id,
    modelType: model.modelType,
    parameters: model.parameters,
    featureNames: model.featureNames,
    featureStats: model.featureStats,
    scoreDistribution: model.scoreDistribution,
    threshold: model.threshold,
    sampleCount: model.sampleCount,
    trainingMs: model.trainingMs,
    deployed: model.deployed,
    deployedAt: model.deployedAt ?? null,
    deployDecision: model.deployDecision ?? null,
    createdAt: model.createdAt,
  };
}
