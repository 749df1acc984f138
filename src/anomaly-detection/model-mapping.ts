import type { MlModel } from '../../entities/ml-model.entity.js';
import { BadUserInputError } from '../errors/app-error.js';
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

/** Opaque keyset cursor: creation time and id of the last model of a page. */
export function encodeModelCursor(model: { createdAt: Date; id: string }): string {
  return Buffer.from(`${model.createdAt.toISOString()}|${model.id}`).toString('base64url');
}

export function decodeModelCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(time ?? '');
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) throw new BadUserInputError(`invalid cursor "${cursor}"`);
  return { createdAt, id };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
