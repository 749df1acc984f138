import { BigIntType, type Opt, type Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
// Rel<>: the two entities import each other; a plain class type would be emitted as an eager
// design:type reference and fail with whichever module happens to load first.
import { DmarcRecord } from './dmarc-record.entity.js';

/** One <auth_results> entry: a raw (unaligned) DKIM signature or SPF check. */
@Entity({ tableName: 'dmarc_auth_results' })
@Index({ name: 'dmarc_auth_results_record_idx', properties: ['record'] })
export class DmarcAuthResult {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @ManyToOne({ entity: () => DmarcRecord, deleteRule: 'cascade' })
  record!: Rel<DmarcRecord>;

  /** 'dkim' or 'spf'. */
  @Property({ type: 'text' })
  method!: string;

  @Property({ type: 'text' })
  domain!: string;

  /** DKIM only. */
  @Property({ type: 'text', nullable: true })
  selector?: string | null;

  /** SPF only: 'mfrom' or 'helo'. */
  @Property({ type: 'text', nullable: true })
  scope?: string | null;

  /** pass, fail, softfail, neutral, none, temperror, permerror, policy. */
  @Property({ type: 'text' })
  result!: string;

  @Property({ type: 'text', nullable: true })
  humanResult?: string | null;
}
