import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the scheduled jobs only, no HTTP server (run as many as you like: each job runs once per schedule slot)')
    .action(() =>
      runCommand(async (config, logger) => {
        const { startWorker } = await import('../../app/worker.js');
        const { stopOnSignals } = await import('../../app/signals.js');
        const worker = await startWorker(config, logger);
        stopOnSignals(worker.stop, logger, config.lifecycle.shutdownTimeoutMs);
      }, { logTo: 'stdout' }),
    );
}
