import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (uses the running embedded PostgreSQL if there is one)')
    .option('--status', 'list applied and pending migrations without applying anything')
    .action((options: { status?: boolean }) =>
      runCommand(async (config, logger) => {
        const { openDatabase } = await import('../../database/database.js');
        const { applyPendingMigrations } = await import('../../database/migrate.js');
        const database = await openDatabase(config, logger);
        try {
          const migrator = database.orm.migrator;
          if (options.status) {
            const [executed, pending] = await Promise.all([migrator.getExecuted(), migrator.getPending()]);
            for (const m of executed) process.stdout.write(`applied  ${m.name}\n`);
            for (const m of pending) process.stdout.write(`pending  ${m.name}\n`);
            return;
          }
          const report = await applyPendingMigrations(database.orm, logger);
          process.stdout.write(
            report.applied.length > 0
              ? `applied ${report.applied.length} migration(s): ${report.applied.join(', ')}\n`
              : `database is up to date (${report.alreadyApplied} migration(s) applied earlier)\n`,
          );
        } finally {
          await database.close();
        }
      }),
    );
}
