import type { MlModel } from '../../entities/ml-model.entity.js';
import { decodeCursor, encodeCursor } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';
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

/** Keyset cursor: creation time and id of the last model of a page. */
export function encodeModelCursor(model: { createdAt: Date; id: string }): string {
  return encodeCursor([model.createdAt.toISOString(), model.id]);
}

export function decodeModelCursor(cursor: string): { createdAt: Date; id: string } {
  return decodeCursor(cursor, ([time, id, ...rest]) => {
    if (rest.length > 0 || typeof time !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined;
    const createdAt = new Date(time);
    return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
  });
}
