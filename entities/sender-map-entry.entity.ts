import type { Opt } from '@mikro-orm/core';
import { Check, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * The operator's own service map entry: a base domain or an ASN named and typed their way,
 * winning over the bundled map (src/senders/service-map/data).
 */
@Entity({ tableName: 'sender_map_entries' })
@Check({ name: 'sender_map_entries_one_key', expression: '(base_domain is null) <> (asn is null)' })
@Unique({ name: 'sender_map_entries_base_domain_unique', properties: ['baseDomain'] })
@Unique({ name: 'sender_map_entries_asn_unique', properties: ['asn'] })
export class SenderMapEntry {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string & Opt;

  /** Lower case base domain (as the Public Suffix List gives it). */
  @Property({ type: 'text', nullable: true })
  baseDomain?: string | null;

  @Property({ type: 'integer', nullable: true })
  asn?: number | null;

  @Property({ type: 'text' })
  name!: string;

  /** A SenderType. */
  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}
