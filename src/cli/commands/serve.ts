import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL API server and, unless --no-jobs, the scheduled jobs (embedded PostgreSQL when DATABASE_URL is not set)')
    .option('--no-jobs', 'serve only: run no scheduled jobs in this process (run `dmarc-analytics worker` for them)')
    .action((options: { jobs: boolean }) =>
      runCommand(async (config, logger) => {
        // Loaded on use, so `--help` and other commands do not pay for the whole server.
        const { startApplication } = await import('../../app/application.js');
        const { stopOnSignals } = await import('../../app/signals.js');
        const app = await startApplication(config, logger, { runJobs: options.jobs });
        stopOnSignals(app.stop, logger, config.lifecycle.shutdownTimeoutMs);
      }, { logTo: 'stdout' }),
    );
}
