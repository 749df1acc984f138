import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Alert } from './alert.entity.js';

/** The history of an alert's state: who moved it from what to what, when, and why. */
@Entity({ tableName: 'alert_state_changes' })
@Index({ name: 'alert_state_changes_alert_idx', properties: ['alert', 'createdAt'] })
export class AlertStateChange {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @ManyToOne({ entity: () => Alert, deleteRule: 'cascade' })
  alert!: Alert;

  /** Null for the alert's creation. */
  @Property({ type: 'text', nullable: true })
  fromState?: string | null;

  @Property({ type: 'text' })
  toState!: string;

  /** "user:<email>", "apiKey:<name>" or "rule:<id>". */
  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
