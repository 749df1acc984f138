import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../entities/user.entity.js';
import { NotFoundError } from '../errors/app-error.js';
import { summarizeUser, type UserSummary } from './user-summary.js';
import { isUuid } from '../validation/arguments.js';


/** Every account, oldest first; summaries only (no hashes, no lockout counters). */
export async function listUsers(em: EntityManager): Promise<UserSummary[]> {
  const users = await em.find(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return users.map(summarizeUser);
}

/** One account; NOT_FOUND for an unknown or malformed id. */
export async function getUser(em: EntityManager, id: string): Promise<UserSummary> {
  const user = isUuid(id) ? await em.findOne(User, { id }) : null;
  if (!user) throw new NotFoundError(`No user with id ${id}`);
  return summarizeUser(user);
}
