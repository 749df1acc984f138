import type { User } from '../../entities/user.entity.js';
import type { Role } from '../../entities/roles.js';

/** What callers may see of a user: never the password hash or the lockout counters. */
export interface UserSummary {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly lastLoginAt: Date | null;
}

export function summarizeUser(user: User): UserSummary {
  return { id: user.id, email: user.email, role: user.role, createdAt: user.createdAt, lastLoginAt: user.lastLoginAt ?? null };
}
