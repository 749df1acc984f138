import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../auth/clock.js';
import { rawQuery, selectRows } from '../database/raw-sql.js';
import type { SenderRef } from './sender-id.js';
import type { ApprovalState, SenderApprovalAction, SenderApprovalChangeView, SenderApprovalView } from './sender-views.js';
import { approvalForUpdateSql, approvalHistorySql, approvalsOfDomainsSql, recordApprovalChangeSql, upsertApprovalSql } from './approvals-sql.js';

export interface ApprovalRow {
  readonly domain: string;
  readonly sender_key: string;
  readonly state: ApprovalState;
  readonly comment: string | null;
  readonly note: string | null;
  readonly decided_by: string | null;
  readonly decided_at: Date | null;
}

export const UNDECIDED: SenderApprovalView = { state: 'UNDECIDED', decidedBy: null, decidedAt: null, comment: null };

export function approvalView(row: ApprovalRow | undefined): SenderApprovalView {
  if (!row) return UNDECIDED;
  return { state: row.state, decidedBy: row.decided_by, decidedAt: row.decided_at === null ? null : new Date(row.decided_at), comment: row.comment };
}

/** What an approval change is about and who makes it. */
export interface ApprovalChange {
  readonly sender: SenderRef;
  /** The sender's name now, kept in the audit trail (names can change with the map). */
  readonly senderName: string;
  readonly action: SenderApprovalAction;
  readonly actor: string;
  /** The reason given; for ANNOTATE the new note (null clears it). */
  readonly text: string | null;
}

const STATE_OF: Record<Exclude<SenderApprovalAction, 'ANNOTATE'>, ApprovalState> = { APPROVE: 'APPROVED', REJECT: 'REJECTED', CLEAR: 'UNDECIDED' };

/**
 * The operator's approvals of senders per domain, and their audit trail: each change writes the
 * new state and one sender_approval_changes row (who, when, from what, to what, why) in one
 * transaction, as alert state changes are kept.
 */
export class SenderApprovals {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** The approvals of these domains, by `domain|key`. */
  async forDomains(domains: readonly string[]): Promise<Map<string, ApprovalRow>> {
    if (domains.length === 0) return new Map();
    const rows = await selectRows<ApprovalRow>(this.em.fork(), approvalsOfDomainsSql, [domains]);
    return new Map(rows.map((row) => [approvalKey(row.domain, row.sender_key), row]));
  }

  async change(change: ApprovalChange): Promise<{ readonly row: ApprovalRow; readonly from: ApprovalState | null }> {
    const now = this.clock();
    const { domain, key } = change.sender;
    return this.em.fork().transactional(async (tx) => {
      const query = rawQuery(tx);
      const [previous] = await query<ApprovalRow>(approvalForUpdateSql, [domain, key]);
      const annotate = change.action === 'ANNOTATE';
      const state = annotate ? (previous?.state ?? 'UNDECIDED') : STATE_OF[change.action];
      const [row] = await query<ApprovalRow>(
        upsertApprovalSql,
        [
          domain,
          key,
          state,
          annotate ? (previous?.comment ?? null) : change.text,
          annotate ? change.text : (previous?.note ?? null),
          annotate ? (previous?.decided_by ?? null) : change.actor,
          annotate ? (previous?.decided_at ?? null) : now,
          now,
        ],
      );
      await query(
        recordApprovalChangeSql,
        [domain, key, change.senderName, change.action, previous?.state ?? null, state, change.actor, change.text, now],
      );
      return { row: row!, from: previous?.state ?? null };
    });
  }

  async history(sender: SenderRef): Promise<SenderApprovalChangeView[]> {
    const rows = await selectRows<Record<string, unknown>>(this.em.fork(), approvalHistorySql, [sender.domain, sender.key]);
    return rows.map((row) => ({
      action: row.action as SenderApprovalAction,
      fromState: (row.from_state as ApprovalState | null) ?? null,
      toState: row.to_state as ApprovalState,
      actor: row.actor as string,
      comment: (row.comment as string | null) ?? null,
      senderName: row.sender_name as string,
      at: new Date(row.created_at as string),
    }));
  }
}

export const approvalKey = (domain: string, key: string) => `${domain}|${key}`;
