import type { MikroORM } from '@mikro-orm/postgresql';
import { DependencyUnavailableError } from '../../errors/app-error.js';

/** Ingesting into an unmigrated database would fail on every file; say what to do instead. */
export async function requireMigrated(orm: MikroORM): Promise<void> {
  const pending = await orm.migrator.getPending();
  if (pending.length > 0) {
    throw new DependencyUnavailableError('PostgreSQL', `${pending.length} pending migration(s); run \`dmarc-analytics migrate\` first`);
  }
}
