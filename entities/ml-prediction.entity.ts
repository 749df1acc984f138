import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { MlModel } from './ml-model.entity.js';

/**
 * One anomalous source IP (kind MODEL: scored under the model's threshold) or one rule-based signal (NEW_SENDING_IP, NEW_COUNTRY,
 * VOLUME_SPIKE, PASS_RATE_DROP) for a detection window. Re-running a detection over the same window
 * updates rather than duplicates: see the unique index.
 */
@Entity({ tableName: 'ml_predictions' })
@Index({
  name: 'ml_predictions_dedup',
  expression:
    'create unique index "ml_predictions_dedup" on "ml_predictions" ("model_id", "kind", "source_ip", "domain", "window_start", "window_end") nulls not distinct',
})
@Index({ name: 'ml_predictions_created_at_idx', properties: ['createdAt'] })
@Index({ name: 'ml_predictions_source_ip_idx', properties: ['sourceIp'] })
export class MlPrediction {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  /** Null for rule-based signals. */
  @ManyToOne({ entity: () => MlModel, nullable: true, deleteRule: 'cascade' })
  model?: MlModel | null;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'string', columnType: 'inet' })
  sourceIp!: string;

  /** The policy domain a rule-based signal is about; null for model scores across domains. */
  @Property({ type: 'text', nullable: true })
  domain?: string | null;

  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'datetime' })
  windowEnd!: Date;

  /** scikit-learn convention: in [-1, 0], lower is more anomalous. */
  @Property({ type: 'double' })
  score!: number;

  @Property({ type: 'json' })
  features!: Record<string, number>;

  @Property({ type: 'json' })
  explanation!: unknown[];

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
