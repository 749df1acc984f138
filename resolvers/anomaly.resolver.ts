import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { AnomalyView, DetectionResult, ModelView } from '../src/anomaly-detection/anomaly-views.js';
import { MAX_ANOMALY_PAGE } from '../src/anomaly-detection/anomaly-list.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import {
  Anomaly,
  AnomalyConnection,
  AnomalyFilter,
  DetectAnomaliesInput,
  DetectionResultType,
  MlModelConnection,
  MlModelType,
  ModelType,
  toAnomalyKind,
  TrainModelInput,
} from './anomaly.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';

@Resolver()
export class AnomalyResolver {
  @Mutation(() => MlModelType, { description: 'Trains a model on the last `days` of traffic and stores it (not deployed).' })
  async trainModel(@Ctx() { services }: GraphQLContext, @Arg('input', () => TrainModelInput) input: TrainModelInput): Promise<MlModelType> {
    const model = await services.anomalies.train({
      ...(input.days != null && { days: input.days }),
      ...(input.contamination != null && { contamination: input.contamination }),
      ...(input.nEstimators != null && { nEstimators: input.nEstimators }),
      ...(input.maxSamples != null && { maxSamples: input.maxSamples }),
      seed: input.seed ?? null,
    });
    return toModelType(model);
  }

  @Mutation(() => MlModelType, { description: 'Makes this model the one deployed model; BAD_USER_INPUT for an unknown id.' })
  async deployModel(@Ctx() { services }: GraphQLContext, @Arg('modelId', () => ID) modelId: string): Promise<MlModelType> {
    return toModelType(await services.anomalies.deploy(modelId));
  }

  @Query(() => MlModelConnection, { description: 'Trained models, newest first.' })
  async mlModels(
    @Ctx() { services }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<MlModelType>> {
    return mapNodes(await services.anomalies.list({ first, after }), toModelType);
  }

  @Query(() => MlModelType, { description: 'One model; NOT_FOUND when there is none with this id.' })
  async mlModel(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<MlModelType> {
    return toModelType(await services.anomalies.get(id));
  }

  @Query(() => MlModelType, { nullable: true, description: 'The deployed model, if any.' })
  async deployedModel(@Ctx() { services }: GraphQLContext): Promise<MlModelType | null> {
    const model = await services.anomalies.deployed();
    return model && toModelType(model);
  }

  @Mutation(() => DetectionResultType, { description: 'Scores the window with the deployed model, runs the rules, stores the anomalies.' })
  async detectAnomalies(
    @Ctx() { services }: GraphQLContext,
    @Arg('input', () => DetectAnomaliesInput, { nullable: true }) input: DetectAnomaliesInput | null,
  ): Promise<DetectionResultType> {
    const result: DetectionResult = await services.anomalies.detect({
      ...(input?.days != null && { days: input.days }),
      threshold: input?.threshold ?? null,
      domain: input?.domain ?? null,
    });
    return { ...result, model: toModelType(result.model), anomalies: result.anomalies.map(toAnomaly) };
  }

  @Query(() => AnomalyConnection, { description: 'Stored anomalies and rule signals, newest first; most anomalous first within one detection run.' })
  async anomalies(
    @Ctx() { services }: GraphQLContext,
    @Arg('filter', () => AnomalyFilter, { nullable: true }) filter: AnomalyFilter | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_ANOMALY_PAGE}.` }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<Anomaly>> {
    return mapNodes(await services.anomalies.anomalies(filter ?? {}, { first, after }), toAnomaly);
  }
}

function toModelType(model: ModelView): MlModelType {
  const decision = model.deployDecision;
  return {
    ...model,
    modelType: ModelType.ISOLATION_FOREST,
    deployDecision: decision && { ...decision, checks: [...decision.checks], decidedAt: new Date(decision.decidedAt) },
  };
}

export function toAnomaly(view: AnomalyView): Anomaly {
  return {
    ...view,
    kind: toAnomalyKind(view.kind),
    anomalyScore: -view.score,
    explanation: view.reasons.join('; '),
    details: view.details as Record<string, unknown>[],
  };
}
