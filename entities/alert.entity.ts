import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { GeolocatedColumns } from './geolocated-columns.js';

/**
 * What a person acts on: one anomalous source (IP + kind + domain) raised by detection, or a
 * domain's failing TLS sessions (TLS_FAILURES, no source IP).
 * At most one alert per key is active (OPEN or ACKNOWLEDGED): the partial unique index makes a
 * second concurrent detection run update the first one's row instead of raising again.
 */
@Entity({ tableName: 'alerts' })
@Index({
  name: 'alerts_one_active_per_key',
  // NULLS NOT DISTINCT: a domain's alert (TLS_FAILURES) has no source IP and is still one per key.
  expression: `create unique index "alerts_one_active_per_key" on "alerts" ("source_ip", "kind", "dedup_domain") nulls not distinct where "state" in ('OPEN', 'ACKNOWLEDGED')`,
})
@Index({ name: 'alerts_key_idx', properties: ['sourceIp', 'kind', 'dedupDomain'] })
@Index({ name: 'alerts_created_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'alerts_state_idx', properties: ['state'] })
/** The source IP's location (GeolocatedColumns) is copied from the geolocation cache when raised. */
export class Alert extends GeolocatedColumns {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  /** MODEL, a rule signal (NEW_SENDING_IP, NEW_COUNTRY, VOLUME_SPIKE, PASS_RATE_DROP) or TLS_FAILURES. */
  @Property({ type: 'text' })
  kind!: string;

  /** OPEN, ACKNOWLEDGED, RESOLVED or SUPPRESSED. */
  @Property({ type: 'text' })
  state!: string;

  /** Severity in [0, 1], higher = more anomalous (the negated scikit-learn score). */
  @Property({ type: 'double' })
  score!: number;

  /** Null for an alert about a domain rather than a sender (TLS_FAILURES). */
  @Property({ type: 'string', columnType: 'inet', nullable: true })
  sourceIp?: string | null;

  /** The rule signal's domain, '' for model alerts (which span the IP's domains): part of the key. */
  @Property({ type: 'text' })
  dedupDomain!: string;

  /** Policy domains the source sent mail for. */
  @Property({ type: 'string[]', columnType: 'text[]' })
  domains!: string[];

  /** One sentence per reason. */
  @Property({ type: 'json' })
  reasons!: string[];

  /** The numbers behind the reasons: model features or a rule's evidence. */
  @Property({ type: 'json' })
  evidence!: Record<string, number>;

  @Property({ type: 'uuid', nullable: true })
  modelId?: string | null;

  /** Start of the first detection window that found it: messages are counted from here. */
  @Property({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'datetime' })
  firstSeenAt!: Date;

  @Property({ type: 'datetime' })
  lastSeenAt!: Date;

  @Property({ type: new BigIntType('number') })
  messageCount!: number;

  /** The suppression rule that closed it, if one did. */
  @Property({ type: 'uuid', nullable: true })
  suppressionRuleId?: string | null;

  /**
   * Who the source is, as sender naming and classification saw it when the alert was raised or
   * last refreshed (name, type, classification, approval, summary): src/alerts/alert-sender.ts.
   */
  @Property({ type: 'json', nullable: true })
  sender?: Record<string, unknown> | null;

  @Property({ type: 'datetime', nullable: true })
  stateChangedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  stateChangedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}
