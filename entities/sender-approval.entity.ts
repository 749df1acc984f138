import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The operator's word on one sender for one policy domain: APPROVED, REJECTED or UNDECIDED, and a
 * note. It stays whatever the reports say later; every change is kept in sender_approval_changes.
 */
@Entity({ tableName: 'sender_approvals' })
export class SenderApproval {
  /** Lower case policy domain. */
  @PrimaryKey({ type: 'text' })
  domain!: string;

  /** The sender's key (sender_names.sender_key). */
  @PrimaryKey({ type: 'text' })
  senderKey!: string;

  @Property({ type: 'text' })
  state!: string;

  /** The comment given with the last approval or rejection. */
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  /** A free annotation ("the CRM of the sales team, owner: anna@"). */
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date & Opt = new Date();
}

/** Who approved, rejected or annotated a sender for a domain, when, and why: the audit trail. */
@Entity({ tableName: 'sender_approval_changes' })
@Index({ name: 'sender_approval_changes_sender_idx', properties: ['domain', 'senderKey', 'createdAt'] })
export class SenderApprovalChange {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  @Property({ type: 'text' })
  domain!: string;

  @Property({ type: 'text' })
  senderKey!: string;

  /** The sender's name when it changed. */
  @Property({ type: 'text' })
  senderName!: string;

  /** APPROVE, REJECT, CLEAR or ANNOTATE. */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  fromState?: string | null;

  @Property({ type: 'text' })
  toState!: string;

  /** The user's address or `api key <id>`. */
  @Property({ type: 'text' })
  actor!: string;

  /** The comment, or for ANNOTATE the new note. */
  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}
