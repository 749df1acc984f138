import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.js';

export interface MigrationReport {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

/** Applies every pending migration in one transaction (all or nothing). */
export async function applyPendingMigrations(orm: MikroORM, logger: Logger): Promise<MigrationReport> {
  const migrator = orm.migrator;
  const executedBefore = await migrator.getExecuted();
  const applied = await migrator.up();
  const names = applied.map((m) => m.name);
  if (names.length > 0) logger.info({ migrations: names }, 'applied database migrations');
  return { applied: names, alreadyApplied: executedBefore.length };
}
