import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { MlModel } from '../../entities/ml-model.entity.js';
import { BadUserInputError, NotFoundError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import type { AnomalyView, DetectionResult, ModelPage, ModelView } from './anomaly-views.js';
import { InsufficientTrainingDataError, NoDeployedModelError } from './errors.js';
import { describeContribution } from './explanation-text.js';
import { computeFeatures, featureObject } from './features/compute-features.js';
import { trainingFeatures } from './features/training-features.js';
import { IsolationForest } from './isolation-forest/index.js';
import { quantilesInPlace } from './isolation-forest/quantile.js';
import { decodeModelCursor, encodeModelCursor, toModelView } from './model-mapping.js';
import { cachedGeolocations, upsertPredictions, type PredictionRow } from './prediction-store.js';
import { listAnomalies, type AnomalyFilter } from './anomaly-list.js';
import { evaluateRules } from './rules/rule-signals.js';
import { lastDays } from './sql.js';
import { DEFAULT_DETECTION_DAYS, resolveTrainingParameters, resolveWindowDays, type TrainOptions } from './training-parameters.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { isUuid } from '../validation/arguments.js';

export const MODEL_TYPE = 'ISOLATION_FOREST';
export const MIN_TRAINING_SAMPLES = 100;
export const MAX_MODEL_PAGE = 100;
const SCORE_QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
const EXPLAINED_FEATURES = 3;

export interface DetectOptions {
  readonly days?: number;
  /** sklearn scale, in [-1, 0]; default the model's threshold. */
  readonly threshold?: number | null;
  readonly domain?: string | null;
}

export type AnomalyListener = (anomaly: AnomalyView) => void | Promise<void>;
/** Every anomaly of a run (`all`, stored before or not) and the ones stored for the first time (`fresh`). */
export type DetectionListener = (all: readonly AnomalyView[], fresh: readonly AnomalyView[]) => void | Promise<void>;

/** Reports how far a long operation is, in [0, 1]; awaited (a job refreshes its lock there). */
export type ProgressCallback = (fraction: number, message: string) => Promise<void> | void;

/** How a training run is driven (besides its parameters). */
export interface TrainRun {
  readonly onProgress?: ProgressCallback;
  /** The training job's schedule slot: at most one model per slot (a unique index). */
  readonly scheduleSlot?: Date | null;
}

/**
 * Trains, stores, deploys and runs the isolation-forest detector, plus the rule-based signals.
 * Every method takes the caller's EntityManager (a per-request fork); `now` makes windows testable.
 */
export class AnomalyModelService {
  readonly #listeners = new Set<AnomalyListener>();
  readonly #detectionListeners = new Set<DetectionListener>();
  /** Deserialized forests by model id: models are immutable once stored. */
  readonly #forests = new Map<string, IsolationForest>();

  /** `em` is the root EntityManager: every method works on a fork of its own (CONTRIBUTING.md, "Reaching the database"). */
  constructor(
    private readonly em: EntityManager,
    private readonly logger?: Logger,
  ) {}

  /** Called with each anomaly stored for the first time; returns an unsubscribe function. */
  onAnomaly(listener: AnomalyListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after every detection run with all its anomalies (alerts deduplicate them); returns an unsubscribe function. */
  onDetection(listener: DetectionListener): () => void {
    this.#detectionListeners.add(listener);
    return () => this.#detectionListeners.delete(listener);
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

  /** Newest first, keyset-paginated. */
  async list(page: { first?: number; after?: string | null } = {}): Promise<ModelPage> {
    const em = this.em.fork();
    const first = pageSize({ first: page.first ?? 20 }, MAX_MODEL_PAGE);
    const after = page.after ? decodeModelCursor(page.after) : undefined;
    const where: FilterQuery<MlModel> = after
      ? { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      em.find(MlModel, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: first + 1 }),
      em.count(MlModel, {}),
    ]);
    return pageOf(rows, first, totalCount, encodeModelCursor, toModelView);
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
   * Scores the window's source IPs with the deployed model, evaluates the rules, stores what is
   * anomalous (re-runs update rows instead of adding them) and tells listeners about new ones.
   */
  async detect(options: DetectOptions = {}, now = new Date()): Promise<DetectionResult> {
    const em = this.em.fork();
    const days = resolveWindowDays(options.days, DEFAULT_DETECTION_DAYS);
    if (options.threshold != null && !(options.threshold >= -1 && options.threshold <= 0)) {
      throw new BadUserInputError(`threshold must be in [-1, 0] (scikit-learn scale), got ${options.threshold}`);
    }
    const model = await em.findOne(MlModel, { deployed: true }, { populate: ['modelData'], refresh: true });
    if (model === null) throw new NoDeployedModelError();
    const forest = this.#forest(model);
    const threshold = options.threshold ?? model.threshold;
    const window = lastDays(days, now);
    const features = await computeFeatures(em, window, options.domain);
    const scores = features.ips.length > 0 ? forest.scoreSamples(features.matrix) : new Float64Array(0);

    const rows: PredictionRow[] = [];
    const policyDomains: string[][] = [];
    for (let i = 0; i < scores.length; i++) {
      if (!(scores[i]! < threshold)) continue;
      const row = features.matrix[i]!;
      rows.push({
        modelId: model.id,
        kind: 'MODEL',
        sourceIp: features.ips[i]!,
        domain: null,
        windowStart: window.start,
        windowEnd: window.end,
        score: scores[i]!,
        features: featureObject(model.featureNames, row),
        explanation: forest.explain(row, EXPLAINED_FEATURES).map((c) => describeContribution(model.featureNames, c)),
      });
      policyDomains.push(features.policyDomains[i]!);
    }
    const seen = new Set<string>();
    for (const signal of await evaluateRules(em, window, options.domain)) {
      // One row per dedup key: two new countries can share their top IP.
      const key = `${signal.kind}|${signal.sourceIp}|${signal.domain}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        modelId: null,
        kind: signal.kind,
        sourceIp: signal.sourceIp,
        domain: signal.domain,
        windowStart: window.start,
        windowEnd: window.end,
        score: signal.score,
        features: signal.evidence,
        explanation: [{ text: signal.text, evidence: signal.evidence, ...signal.context }],
      });
      policyDomains.push([signal.domain]);
    }

    const stored = await upsertPredictions(em, rows);
    const geolocations = await cachedGeolocations(em, rows.map((r) => r.sourceIp));
    const anomalies = rows.map((row, i): AnomalyView & { isNew: boolean } => ({
      kind: row.kind,
      modelId: row.modelId,
      sourceIp: row.sourceIp,
      domain: row.domain,
      policyDomains: policyDomains[i]!,
      score: row.score,
      windowStart: row.windowStart,
      windowEnd: row.windowEnd,
      features: row.features,
      reasons: row.explanation.map((e) => (e as { text: string }).text),
      details: row.explanation,
      geolocation: geolocations.get(row.sourceIp) ?? null,
      detectedAt: stored[i]!.createdAt,
      isNew: stored[i]!.inserted,
    }));
    anomalies.sort((a, b) => a.score - b.score || a.sourceIp.localeCompare(b.sourceIp));
    const fresh = anomalies.filter((a) => a.isNew);
    const views = anomalies.map(({ isNew: _isNew, ...view }) => view);
    await this.#notify(fresh);
    await this.#notifyDetection(views, views.filter((_, i) => anomalies[i]!.isNew));
    return {
      model: toModelView(model),
      windowStart: window.start,
      windowEnd: window.end,
      scoredCount: features.ips.length,
      threshold,
      anomalies: views,
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

  async #notifyDetection(all: readonly AnomalyView[], fresh: readonly AnomalyView[]): Promise<void> {
    for (const listener of this.#detectionListeners) {
      try {
        await listener(all, fresh);
      } catch (error) {
        // The run's results are stored; the next run picks up what a failing listener missed.
        this.logger?.error({ err: error }, 'onDetection listener failed');
      }
    }
  }

  async #notify(anomalies: readonly AnomalyView[]): Promise<void> {
    for (const anomaly of anomalies) {
      for (const listener of this.#listeners) {
        try {
          await listener(anomaly);
        } catch (error) {
          // A failing subscriber must not fail the detection that already stored its results.
          this.logger?.error({ err: error, sourceIp: anomaly.sourceIp, kind: anomaly.kind }, 'onAnomaly listener failed');
        }
      }
    }
  }
}
