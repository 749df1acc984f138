/** The SQL of sender approvals (approvals.ts): the sender_approvals table and its history. */

/** $1 domains: their senders' approvals. */
export const approvalsOfDomainsSql = 'SELECT * FROM sender_approvals WHERE domain = ANY($1::text[])';

/** $1 domain, $2 sender key: its approval, locked for the change. */
export const approvalForUpdateSql = 'SELECT * FROM sender_approvals WHERE domain = $1 AND sender_key = $2 FOR UPDATE';

/** $1 domain, $2 sender key, $3 state, $4 comment, $5 note, $6 decided by, $7 decided at, $8 now. Returns the row. */
export const upsertApprovalSql = `
INSERT INTO sender_approvals AS a (domain, sender_key, state, comment, note, decided_by, decided_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (domain, sender_key) DO UPDATE SET state = excluded.state, comment = excluded.comment, note = excluded.note,
  decided_by = excluded.decided_by, decided_at = excluded.decided_at, updated_at = excluded.updated_at
RETURNING *`;

/** $1 domain, $2 sender key, $3 sender name, $4 action, $5 from state, $6 to state, $7 actor, $8 comment, $9 now. */
export const recordApprovalChangeSql = `
INSERT INTO sender_approval_changes (domain, sender_key, sender_name, action, from_state, to_state, actor, comment, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/** $1 domain, $2 sender key: its approval changes, oldest first. */
export const approvalHistorySql = 'SELECT * FROM sender_approval_changes WHERE domain = $1 AND sender_key = $2 ORDER BY created_at, id';
