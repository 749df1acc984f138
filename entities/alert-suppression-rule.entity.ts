import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * "This source is known": alerts matching every criterion set here are stored as SUPPRESSED
 * instead of being raised. Unset criteria match anything; at least one is set.
 */
@Entity({ tableName: 'alert_suppression_rules' })
export class AlertSuppressionRule {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  /** An address (/32, /128) or a CIDR block. */
  @Property({ type: 'string', columnType: 'cidr', nullable: true })
  network?: string | null;

  @Property({ type: 'integer', nullable: true })
  asn?: number | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;

  /** Lower case. */
  @Property({ type: 'text', nullable: true })
  domain?: string | null;

  @Property({ type: 'text', nullable: true })
  kind?: string | null;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
