import type { Command } from 'commander';
import { BadUserInputError } from '../../errors/app-error.js';
import { runCommand } from '../run-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a month of realistic sample DMARC traffic, an admin, a viewer API key and a trained model, then run detection')
    .option('--reset', 'delete every row of the database first (development only)')
    .addHelpText('after', '\nRunning it again adds nothing. Refused in production (exit 64).')
    .action((options: { reset?: boolean }) =>
      runCommand(async (config) => {
        if (config.isProduction) throw new BadUserInputError('demo data is for development: refused with NODE_ENV=production');
        const { createLogger } = await import('../../logging/logger.js');
        const { withServices } = await import('../with-services.js');
        const { loadDemo } = await import('../../demo/demo-data.js');
        const { printDemoSummary } = await import('../../demo/demo-summary.js');
        const { createProgress } = await import('../ingest/progress-bar.js');
        const { demoConfig, startDemoDns } = await import('../../demo/demo-dns.js');

        // Logs go to stderr and, at the default level, only problems: one line per stored report
        // would bury the summary. stdout carries the credentials and what to open next.
        const logger = createLogger({ ...config.log, level: config.log.level === 'info' ? 'warn' : config.log.level }, process.stderr);
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
            process.stdout.write(printDemoSummary(result, config, Date.now() - started));
          });
        } finally {
          await dns?.stop();
        }
      }),
    );
}
