import type { Command } from 'commander';
import { BadUserInputError } from '../../errors/app-error.js';
import { runCommand } from '../run-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a month of realistic sample DMARC traffic, an admin, a viewer API key and a trained model, then run detection')
    .option('--reset', 'delete every row of the data first (the record of applied migrations and the job schedules stay)')
    .addHelpText('after', '\nRunning it again adds nothing. Refused in production (exit 64).')
    .action((options: { reset?: boolean }) =>
      runCommand(async (config, logger) => {
        if (config.isProduction) throw new BadUserInputError('demo data is for development: refused with NODE_ENV=production');
        const { withServices } = await import('../with-services.js');
        const { loadDemo } = await import('../../demo/demo-data.js');
        const { printDemoSummary, serverAddress, serverAnswers } = await import('../../demo/demo-summary.js');
        const { createProgress } = await import('../ingest/progress-bar.js');
        const { demoConfig, startDemoDns } = await import('../../demo/demo-dns.js');

        // Logs go to stderr (runCommand) and, at the default level, only problems: one line per
        // stored report would bury the summary. stdout carries the credentials and what to open next.
        if (logger.level === 'info') logger.level = 'warn';
        const started = Date.now();
        const now = new Date();
        // The demo's addresses are synthetic: its own DNS names them (or, without dnsmasq, its zone file).
        const dns = await startDemoDns(now);
        try {
          await withServices(demoConfig(config, dns), logger, async (services, dependencies) => {
            let progress: ReturnType<typeof createProgress> | undefined;
            const result = await loadDemo(dependencies.database.orm, services, logger, {
              reset: options.reset === true,
              now,
              namedThroughDemoDns: dns !== null,
              onProgress: (done, total) => {
                progress ??= createProgress(total);
                progress.update(done, done);
                if (done === total) progress.stop();
              },
            });
            const serverRunning = config.http.port !== 0 && (await serverAnswers(serverAddress(config)));
            process.stdout.write(printDemoSummary(result, config, Date.now() - started, serverRunning));
          });
        } finally {
          await dns?.stop();
        }
      }),
    );
}
