import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { MlModel } from '../../entities/ml-model.entity.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import { DomainEvents } from '../events/domain-events.js';
import type { Logger } from '../logging/logger.js';
import type { AnomalyView, DetectionResult, ModelView } from './anomaly-views.js';
import { InsufficientTrainingDataError, NoDeployedModelError } from './errors.js';
import type { ProgressCallback } from './training-parameters.js';
import { anomalyViews, checkThreshold, modelFindings, ruleFindings } from './detection-steps.js';
import { computeFeatures } from './features/compute-features.js';
import { trainingFeatures } from './features/training-features.js';
import { IsolationForest } from './isolation-forest/index.js';
import { quantilesInPlace } from './isolation-forest/quantile.js';
import { toModelView } from './model-mapping.js';
import { cachedGeolocations, upsertPredictions } from './prediction-store.js';
import { listAnomalies, type AnomalyFilter } from './anomaly-list.js';
import { evaluateRules } from './rules/rule-signals.js';
import { lastDays } from './day-windows.js';
import { DEFAULT_DETECTION_DAYS, MIN_TRAINING_SAMPLES, resolveTrainingParameters, resolveWindowDays, type TrainOptions } from './training-parameters.js';
import { trainAndAutoDeploy, type ScheduledTrainingOptions, type ScheduledTrainingResult } from './auto-deploy/scheduled-training.js';
import { createdAtCursor, descendingAfter } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';

const MODEL_TYPE = 'ISOLATION_FOREST';
const MAX_MODEL_PAGE = 100;
const SCORE_QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

export interface DetectOptions {
  readonly days?: number;
  /** sklearn scale, in [-1, 0]; default the model's threshold. */
  readonly threshold?: number | null;
  readonly domain?: string | null;
}

/** How a training run is driven (besides its parameters). */
export interface TrainRun {
  readonly onProgress?: ProgressCallback;
  /** The training job's schedule slot: at most one model per slot (a unique index). */
  readonly scheduleSlot?: Date | null;
}

/**
 * Trains, stores, deploys and runs the isolation-forest detector, plus the rule-based signals.
 * Every method works on a fork of the root EntityManager; `now` makes windows testable.
 */
export class AnomalyModelService {
  readonly #events: DomainEvents;
  /** Deserialized forests by model id: models are immutable once stored. */
  readonly #forests = new Map<string, IsolationForest>();

  /**
   * `em` is the root EntityManager: every method works on a fork of its own (CONTRIBUTING.md,
   * "Reaching the database"). `events` receives `detectionFinished` (nothing hears it without).
   */
  constructor(
    private readonly em: EntityManager,
    logger?: Logger,
    events?: DomainEvents,
  ) {
    this.#events = events ?? new DomainEvents(logger);
  }

  async train(options: TrainOptions = {}, now = new Date(), run: TrainRun = {}): Promise<ModelView> {
    const em = this.em.fork();
    const params = resolveTrainingParameters(options);
    const window = lastDays(params.days, now);
    const started = performance.now();
    const progress = run.onProgress ?? (() => {});
    await progress(0.05, `reading ${params.days} days of traffic`);
    const features = await trainingFeatures(em, params.days, params.windowDays, now);
    if (features.matrix.length < MIN_TRAINING_SAMPLES) throw new InsufficientTrainingDataError(features.matrix.length, MIN_TRAINING_SAMPLES);
    await progress(0.4, `growing ${params.nEstimators} trees over ${features.matrix.length} samples`);
    const forest = IsolationForest.fit(features.matrix, {
      nEstimators: params.nEstimators,
      maxSamples: params.maxSamples,
      contamination: params.contamination,
      ...(params.seed === undefined ? {} : { seed: params.seed }),
    });
    await progress(0.7, 'scoring the training set');
    const scores = forest.scoreSamples(features.matrix);
    const quantiles = quantilesInPlace(Float64Array.from(scores), SCORE_QUANTILES);
    const modelData = forest.serialize();
    const model = em.create(MlModel, {
      modelType: MODEL_TYPE,
      parameters: {
        days: params.days,
        windowDays: params.windowDays,
        contamination: params.contamination,
        nEstimators: params.nEstimators,
        maxSamples: params.maxSamples,
        sampleSize: forest.sampleSize,
        seed: forest.seed,
        windowStart: window.start.toISOString(),
        windowEnd: window.end.toISOString(),
      },
      featureNames: [...features.featureNames],
      featureStats: Object.fromEntries(features.featureNames.map((name, i) => [name, forest.featureStats[i]])),
      scoreDistribution: {
        quantiles: Object.fromEntries(SCORE_QUANTILES.map((q, i) => [String(q), quantiles[i]])),
        anomalies: scores.filter((s) => s < forest.offset).length,
      },
      threshold: forest.offset,
      sampleCount: features.matrix.length,
      trainingMs: Math.round(performance.now() - started),
      modelData,
      scheduleSlot: run.scheduleSlot ?? null,
    });
    await progress(0.9, 'storing the model');
    await em.flush();
    this.#forests.set(model.id, forest);
    return toModelView(model);
  }

  /** Makes `modelId` the one deployed model, in one transaction. */
  async deploy(modelId: string): Promise<ModelView> {
    if (!isUuid(modelId)) throw new BadUserInputError(`unknown model id "${modelId}"`);
    await this.em.fork().transactional(async (tx) => {
      if ((await tx.count(MlModel, { id: modelId })) === 0) throw new BadUserInputError(`unknown model id "${modelId}"`);
      await tx.nativeUpdate(MlModel, { deployed: true, id: { $ne: modelId } }, { deployed: false, deployedAt: null });
      await tx.nativeUpdate(MlModel, { id: modelId, deployed: false }, { deployed: true, deployedAt: new Date() });
    });
    return this.get(modelId);
  }

  /**
   * The weekly training job's work: one model per schedule slot, however often the slot runs,
   * deployed when it passes the auto-deploy checks (auto-deploy/scheduled-training.ts).
   */
  trainAndAutoDeploy(options: ScheduledTrainingOptions): Promise<ScheduledTrainingResult> {
    return trainAndAutoDeploy(this, this.em.fork(), options);
  }

  /** Newest first, keyset-paginated. */
  async list(page: { first?: number; after?: string | null } = {}): Promise<Page<ModelView>> {
    const em = this.em.fork();
    const first = pageSize({ first: page.first ?? 20 }, MAX_MODEL_PAGE);
    const after = page.after ? createdAtCursor.decode(page.after) : undefined;
    const where: FilterQuery<MlModel> = after ? descendingAfter(after) : {};
    const [rows, totalCount] = await Promise.all([
      em.find(MlModel, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: first + 1 }),
      em.count(MlModel, {}),
    ]);
    return pageOf(rows, first, totalCount, createdAtCursor.encode, toModelView);
  }

  /** The model the training job made for `slot`, with its data, or null. */
  async modelForSlot(slot: Date): Promise<MlModel | null> {
    return this.em.fork().findOne(MlModel, { scheduleSlot: slot }, { populate: ['modelData'], refresh: true });
  }

  /** The forest of a stored model (kept in memory: models never change). */
  forestOf(model: MlModel): IsolationForest {
    return this.#forest(model);
  }

  async get(id: string): Promise<ModelView> {
    const model = isUuid(id) ? await this.em.fork().findOne(MlModel, { id }, { refresh: true }) : null;
    if (model === null) throw new NotFoundError(`model ${id} not found`);
    return toModelView(model);
  }

  async deployed(): Promise<ModelView | null> {
    const model = await this.em.fork().findOne(MlModel, { deployed: true }, { refresh: true });
    return model === null ? null : toModelView(model);
  }

  /**
   * One detection run over the last `days`: the deployed model scores the window's sources, the
   * rules look at it too, what either finds is stored (a re-run updates its rows instead of adding
   * them), and `detectionFinished` is emitted with all of it and what is new (its reactions raise
   * alerts and stream new anomalies: src/app/reactions.ts). Resolves once those reactions are done.
   */
  async detect(options: DetectOptions = {}, now = new Date()): Promise<DetectionResult> {
    const em = this.em.fork();
    const days = resolveWindowDays(options.days, DEFAULT_DETECTION_DAYS);
    checkThreshold(options.threshold);
    const model = await em.findOne(MlModel, { deployed: true }, { populate: ['modelData'], refresh: true });
    if (model === null) throw new NoDeployedModelError();
    const threshold = options.threshold ?? model.threshold;
    const window = lastDays(days, now);

    const features = await computeFeatures(em, window, options.domain);
    const findings = [
      ...modelFindings(model, this.#forest(model), features, window, threshold),
      ...ruleFindings(await evaluateRules(em, window, options.domain), window),
    ];
    const stored = await upsertPredictions(em, findings.map((finding) => finding.row));
    const geolocations = await cachedGeolocations(em, findings.map((finding) => finding.row.sourceIp));
    const { anomalies, fresh } = anomalyViews(findings, stored, geolocations);

    await this.#events.emit('detectionFinished', { anomalies, fresh });
    return {
      model: toModelView(model),
      windowStart: window.start,
      windowEnd: window.end,
      scoredCount: features.ips.length,
      threshold,
      anomalies,
      newCount: fresh.length,
    };
  }

  /** Stored anomalies and rule signals, newest first, keyset-paginated. */
  anomalies(filter: AnomalyFilter = {}, page: PageRequest = { first: 50 }): Promise<Page<AnomalyView>> {
    return listAnomalies(this.em.fork(), filter, page);
  }

  #forest(model: MlModel): IsolationForest {
    let forest = this.#forests.get(model.id);
    if (forest === undefined) {
      forest = IsolationForest.deserialize(model.modelData);
      if (this.#forests.size >= 8) this.#forests.clear();
      this.#forests.set(model.id, forest);
    }
    return forest;
  }
}
