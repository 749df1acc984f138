import type { Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { User } from './user.entity.js';

/** One auto-deploy check: its name, whether it passed, and the numbers behind it in words. */
export interface DeployCheck {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface DeployDecision {
  readonly deployed: boolean;
  readonly reason: string;
  readonly checks: DeployCheck[];
  readonly decidedAt: string;
}

/** A trained anomaly model. At most one row has deployed = true (enforced by a partial unique index). */
@Entity({ tableName: 'ml_models' })
@Index({ name: 'ml_models_one_deployed', expression: 'create unique index "ml_models_one_deployed" on "ml_models" ("deployed") where "deployed"' })
@Index({ name: 'ml_models_created_idx', properties: ['createdAt'] })
@Index({ name: 'ml_models_schedule_slot_unique', expression: 'create unique index "ml_models_schedule_slot_unique" on "ml_models" ("schedule_slot")' })
export class MlModel {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  /** e.g. ISOLATION_FOREST */
  @Property({ type: 'text' })
  modelType!: string;

  /** nEstimators, maxSamples, contamination, seed, window days... */
  @Property({ type: 'json' })
  parameters!: Record<string, unknown>;

  @Property({ type: 'json' })
  featureNames!: string[];

  /** Per-feature median, quartiles, min and max over the training set: the baseline of explanations. */
  @Property({ type: 'json' })
  featureStats!: Record<string, unknown>;

  @Property({ type: 'json' })
  scoreDistribution!: Record<string, unknown>;

  @Property({ type: 'double' })
  threshold!: number;

  @Property({ type: 'integer' })
  sampleCount!: number;

  @Property({ type: 'integer' })
  trainingMs!: number;

  /** Compact serialized model. */
  @Property({ type: 'blob', lazy: true })
  modelData!: Buffer;

  @Property({ type: 'boolean', default: false })
  deployed: boolean & Opt = false;

  @Property({ type: 'datetime', nullable: true })
  deployedAt?: Date | null;

  /** Whether it was deployed automatically after training, and the checks that decided it (null: trained by hand). */
  @Property({ type: 'json', nullable: true })
  deployDecision?: DeployDecision | null;

  /** The training job's schedule slot: one model per slot, however often the slot runs. */
  @Property({ type: 'datetime', nullable: true })
  scheduleSlot?: Date | null;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
