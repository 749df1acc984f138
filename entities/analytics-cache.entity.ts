import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Pre-computed answers (heatmaps, summaries) keyed by what was asked. `domain` lets an ingest
 * invalidate exactly the entries its report changes (null = spans all domains).
 */
@Entity({ tableName: 'analytics_cache' })
@Index({ name: 'analytics_cache_kind_domain_idx', properties: ['kind', 'domain'] })
@Index({ name: 'analytics_cache_expires_idx', properties: ['expiresAt'] })
export class AnalyticsCacheEntry {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  domain?: string | null;

  @Property({ type: 'json' })
  payload!: unknown;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  computedAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
