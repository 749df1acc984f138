import type { MikroORM } from '@mikro-orm/postgresql';
import { DependencyUnavailableError } from '../errors/app-error.js';
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

/** Refuses to work on a database with pending migrations, naming them and what to run. */
async function requireMigrated(orm: MikroORM): Promise<void> {
  const pending = await orm.migrator.getPending();
  if (pending.length > 0) {
    throw new DependencyUnavailableError(
      'PostgreSQL',
      `${pending.length} pending migration(s) (${pending.map((m) => m.name).join(', ')}); run \`dmarc-analytics migrate\` first`,
    );
  }
}

/**
 * What every entry point does with the schema before working: applies pending migrations when
 * MIGRATE_ON_START is on (the development default), refuses with the list of pending ones otherwise
 * (the production default, where `dmarc-analytics migrate` is a deliberate deployment step).
 */
export async function prepareSchema(orm: MikroORM, migrateOnStart: boolean, logger: Logger): Promise<void> {
  if (migrateOnStart) await applyPendingMigrations(orm, logger);
  else await requireMigrated(orm);
}
