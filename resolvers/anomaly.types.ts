import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AnomalyKind } from '../src/anomaly-detection/anomaly-views.js';
import { ConnectionType } from './connection.types.js';
import { Geolocation } from './geo.types.js';

export enum ModelType {
  ISOLATION_FOREST = 'ISOLATION_FOREST',
}
registerEnumType(ModelType, { name: 'ModelType', description: 'Anomaly detector algorithms.' });

export enum AnomalyKindEnum {
  MODEL = 'MODEL',
  NEW_SENDING_IP = 'NEW_SENDING_IP',
  NEW_COUNTRY = 'NEW_COUNTRY',
  VOLUME_SPIKE = 'VOLUME_SPIKE',
  PASS_RATE_DROP = 'PASS_RATE_DROP',
  TLS_FAILURES = 'TLS_FAILURES',
}
registerEnumType(AnomalyKindEnum, {
  name: 'AnomalyKind',
  description: 'MODEL for the isolation forest; TLS_FAILURES for a domain whose TLS sessions fail (SMTP TLS reports, alerts only); the others are rule-based signals.',
});

export const toAnomalyKind = (kind: AnomalyKind): AnomalyKindEnum => AnomalyKindEnum[kind];

@InputType()
export class TrainModelInput {
  @Field(() => ModelType, { defaultValue: ModelType.ISOLATION_FOREST })
  modelType!: ModelType;

  @Field(() => Int, { nullable: true, description: 'Training window in UTC days, default 90.' })
  days?: number | null;

  @Field(() => Float, { nullable: true, description: 'Expected anomaly share in (0, 0.5], default 0.05.' })
  contamination?: number | null;

  @Field(() => Int, { nullable: true, description: 'Trees, default 100.' })
  nEstimators?: number | null;

  @Field(() => Int, { nullable: true, description: 'Points per tree, default 256.' })
  maxSamples?: number | null;

  @Field(() => Float, { nullable: true, description: 'Integer in [0, 2^32); omitted = random (kept in the model).' })
  seed?: number | null;
}

@InputType()
export class DetectAnomaliesInput {
  @Field(() => Int, { nullable: true, description: 'Window in UTC days including today, default 7.' })
  days?: number | null;

  @Field(() => Float, { nullable: true, description: 'scikit-learn scale in [-1, 0]: anomalies score below it. Default the model threshold.' })
  threshold?: number | null;

  @Field(() => String, { nullable: true, description: 'Only source IPs that sent for this policy domain.' })
  domain?: string | null;
}

@ObjectType({ description: 'One auto-deploy check of a model trained by the weekly job.' })
export class DeployCheckType {
  @Field(() => String, { description: 'enough-samples, score-distribution, planted-recall or top-anomaly-agreement.' })
  name!: string;

  @Field(() => Boolean)
  passed!: boolean;

  @Field(() => String, { description: 'The numbers behind the verdict, in words.' })
  detail!: string;
}

@ObjectType({ description: 'Whether the training job deployed the model, and why.' })
export class DeployDecisionType {
  @Field(() => Boolean)
  deployed!: boolean;

  @Field(() => String)
  reason!: string;

  @Field(() => [DeployCheckType])
  checks!: DeployCheckType[];

  @Field(() => Date)
  decidedAt!: Date;
}

@ObjectType({ description: 'A trained anomaly model.' })
export class MlModelType {
  @Field(() => ID)
  id!: string;

  @Field(() => ModelType)
  modelType!: ModelType;

  @Field(() => GraphQLJSONObject, { description: 'nEstimators, maxSamples, contamination, seed, days, window.' })
  parameters!: Record<string, unknown>;

  @Field(() => [String])
  featureNames!: string[];

  @Field(() => GraphQLJSONObject, { description: 'Per feature: min, q1, median, q3, max, mean, std over the training set.' })
  featureStats!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'Quantiles of the training scores.' })
  scoreDistribution!: Record<string, unknown>;

  @Field(() => Float, { description: 'Decision threshold (scikit-learn offset_): scores below it are anomalies.' })
  threshold!: number;

  @Field(() => Int)
  sampleCount!: number;

  @Field(() => Int)
  trainingMs!: number;

  @Field(() => Boolean)
  deployed!: boolean;

  @Field(() => Date, { nullable: true })
  deployedAt!: Date | null;

  @Field(() => DeployDecisionType, {
    nullable: true,
    description: 'Set on models the weekly training job made: deployed automatically or refused, with the checks. A refused model can still be deployed with deployModel.',
  })
  deployDecision!: DeployDecisionType | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'Trained models, newest first (Relay connection).' })
export class MlModelConnection extends ConnectionType(MlModelType, { name: 'MlModel', totalCountDescription: 'Models stored, on all pages.' }) {}

@ObjectType({ description: 'A source IP the model scored as anomalous, or a rule-based signal.' })
export class Anomaly {
  @Field(() => AnomalyKindEnum)
  kind!: AnomalyKindEnum;

  @Field(() => ID, { nullable: true, description: 'The model; null for rule signals.' })
  modelId!: string | null;

  @Field(() => String)
  sourceIp!: string;

  @Field(() => String, { nullable: true, description: 'The policy domain of a rule signal.' })
  domain!: string | null;

  @Field(() => [String], { description: 'Policy domains the IP sent mail for in the window.' })
  policyDomains!: string[];

  @Field(() => Float, { description: 'scikit-learn scale in [-1, 0]; lower is more anomalous.' })
  score!: number;

  @Field(() => Float, { description: '-score: the anomaly score in [0, 1]; higher is more anomalous.' })
  anomalyScore!: number;

  @Field(() => Date)
  windowStart!: Date;

  @Field(() => Date)
  windowEnd!: Date;

  @Field(() => GraphQLJSONObject, { description: 'Model features, or the rule evidence.' })
  features!: Record<string, number>;

  @Field(() => String, { description: 'Why, in words: e.g. "DMARC pass rate 3% against a median of 99%".' })
  explanation!: string;

  @Field(() => [GraphQLJSONObject], { description: 'Structured reasons: feature contributions or rule evidence.' })
  details!: Record<string, unknown>[];

  @Field(() => Geolocation, { nullable: true, description: 'From the geolocation cache, when the IP is in it.' })
  geolocation!: Geolocation | null;

  @Field(() => Date, { description: 'When it was first stored.' })
  detectedAt!: Date;
}

@ObjectType({ description: 'Stored anomalies and rule signals, newest first (Relay connection).' })
export class AnomalyConnection extends ConnectionType(Anomaly, { totalCountDescription: 'Anomalies matching the filter, on all pages.' }) {}

@InputType({ description: 'Which stored anomalies to list; every field narrows the list, absent ones do not.' })
export class AnomalyFilter {
  @Field(() => Date, { nullable: true, description: 'Stored at or after.' })
  since?: Date | null;

  @Field(() => String, { nullable: true, description: 'Rule signals about this policy domain, and model anomalies of IPs that sent for it.' })
  domain?: string | null;

  @Field(() => Float, { nullable: true, description: 'Minimum anomalyScore (= -score), in [0, 1].' })
  minScore?: number | null;

  @Field(() => [AnomalyKindEnum], { nullable: true, description: 'Only these kinds.' })
  kinds?: AnomalyKindEnum[] | null;
}

@ObjectType({ description: 'The outcome of one detection run.' })
export class DetectionResultType {
  @Field(() => MlModelType)
  model!: MlModelType;

  @Field(() => Date)
  windowStart!: Date;

  @Field(() => Date)
  windowEnd!: Date;

  @Field(() => Int, { description: 'Source IPs scored.' })
  scoredCount!: number;

  @Field(() => Float, { description: 'The threshold used (scikit-learn scale).' })
  threshold!: number;

  @Field(() => Int, { description: 'Anomalies not stored by an earlier run.' })
  newCount!: number;

  @Field(() => [Anomaly], { description: 'Most anomalous first.' })
  anomalies!: Anomaly[];
}
