import type { Opt } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { User } from './user.entity.js';

/** Alert filter of a webhook, as stored (src/webhooks/webhook-filter.ts). */
export interface WebhookFilterJson {
  domains?: string[];
  kinds?: string[];
  minScore?: number;
  countries?: string[];
}

/** An HTTP endpoint that receives matching alerts, signed with its secret. */
@Entity({ tableName: 'webhooks' })
export class Webhook {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  @Property({ type: 'text' })
  url!: string;

  /**
   * The HMAC key. Stored as is, unlike passwords and API keys: signing needs the key itself. It
   * leaves the server once, in the createWebhook answer.
   */
  @Property({ type: 'text', hidden: true })
  secret!: string;

  @Property({ type: 'json' })
  filter!: WebhookFilterJson;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'boolean', default: true })
  enabled: boolean & Opt = true;

  @ManyToOne({ entity: () => User, nullable: true, deleteRule: 'set null' })
  createdBy?: User | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}
