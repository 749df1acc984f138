import type { Command } from 'commander';
import { startApplication } from '../../app/application.js';
import { stopOnSignals } from '../../app/signals.js';
import { runCommand } from '../run-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL API server (embedded PostgreSQL when DATABASE_URL is not set)')
    .action(() =>
      runCommand(async (config, logger) => {
        const app = await startApplication(config, logger);
        stopOnSignals(app.stop, logger, config.lifecycle.shutdownTimeoutMs);
      }),
    );
}
