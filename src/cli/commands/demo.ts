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
        const { openMigratedDatabase } = await import('../../database/open-migrated-database.js');
        const { GeolocationService } = await import('../../geolocation/index.js');
        const { createGeoServices, createIngestionService } = await import('../../app/ingestion-wiring.js');
        const { createAuthServices } = await import('../../auth/auth-services.js');
        const { AnomalyModelService } = await import('../../anomaly-detection/model-service.js');
        const { loadDemo } = await import('../../demo/demo-data.js');
        const { printDemoSummary } = await import('../../demo/demo-summary.js');
        const { createProgress } = await import('../ingest/progress-bar.js');

        // Logs go to stderr: stdout carries the credentials and what to do next.
        const logger = createLogger(config.log, process.stderr);
        const started = Date.now();
        const database = await openMigratedDatabase(config, logger);
        const geolocation = await GeolocationService.open({ cityDbPath: config.geoip.cityDbPath, asnDbPath: config.geoip.asnDbPath, logger, watchForUpdates: false });
        try {
          const { orm } = database;
          const geoServices = createGeoServices({ em: orm.em, geolocation, config, logger });
          // One line per stored report would bury the summary: the ingester only speaks up for problems.
          const quietLogger = logger.child({}, { level: 'warn' });
          const services = {
            ingestion: createIngestionService({ orm, ...geoServices, logger: quietLogger }),
            auth: createAuthServices({ em: orm.em, config, logger }),
            anomalies: new AnomalyModelService(logger),
          };
          let progress: ReturnType<typeof createProgress> | undefined;
          const result = await loadDemo(orm, services, logger, {
            reset: options.reset === true,
            onProgress: (done, total) => {
              progress ??= createProgress(total);
              progress.update(done, done);
              if (done === total) progress.stop();
            },
          });
          process.stdout.write(printDemoSummary(result, config, Date.now() - started));
        } finally {
          geolocation.close();
          await database.close();
        }
      }),
    );
}
