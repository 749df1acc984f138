import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('store DMARC aggregate reports (XML, gzip, zip, e-mail) from files and directories (walked recursively)')
    .argument('<paths...>', 'report files or directories')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', '\nExit code 0 when every file was stored (or already was), 1 when any file was rejected.')
    .action((paths: string[], options: { json?: boolean }) =>
      runCommand(async (config) => {
        const { createLogger } = await import('../../logging/logger.js');
        const { collectFiles } = await import('../ingest/collect-files.js');
        const { createProgress } = await import('../ingest/progress-bar.js');
        const { summarize, formatSummary } = await import('../ingest/ingest-summary.js');

        // Logs go to stderr: stdout carries the summary (JSON with --json).
        const logger = createLogger(config.log, process.stderr);
        const started = Date.now();
        const files = await collectFiles(paths);
        // Without a GeoIP database the ingestion hook logs a warning and the heatmaps geolocate
        // the addresses later. The same subscribers as the server: new addresses geolocated, the
        // domain's heatmaps dropped.
        return withServices(config, logger, async ({ ingestion: service }) => {
          const progress = createProgress(files.length);
          const results = [];
          let records = 0;
          for (const file of files) {
            const result = await service.ingestFile(file);
            results.push(result);
            records += result.reports.reduce((sum, r) => sum + (r.status === 'ingested' ? r.records : 0), 0);
            progress.update(results.length, records);
          }
          progress.stop();
          const summary = summarize(results, Date.now() - started);
          process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
          return summary.rejected.length === 0 ? 0 : 1;
        });
      }),
    );
}
