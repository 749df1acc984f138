import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerReparse(program: Command): void {
  program
    .command('reparse')
    .description('rebuild the records of stored reports from their kept files with the current parser (after a parser fix)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nEach report is rebuilt in one transaction. Reports stored without their file (RAW_REPORT_RETENTION=false, or larger than\n' +
        'RAW_REPORT_MAX_BYTES) are left as they are. Exit code 0 when every file was read, 1 when the parser refuses any.',
    )
    .action((options: { json?: boolean }) =>
      runCommand(async (config, logger) => {
        const { ReparseService } = await import('../../reparse/reparse-service.js');
        return withServices(config, logger, async ({ ingestion }, dependencies) => {
          const service = new ReparseService(dependencies.database.orm.em, ingestion, logger);
          let lastDraw = 0;
          const summary = await service.reparseAll((p) => {
            if (!process.stderr.isTTY || Date.now() - lastDraw < 200) return;
            lastDraw = Date.now();
            process.stderr.write(`\r${p.files}/${p.totalFiles} files, ${p.reports} reports rebuilt, ${p.failedFiles} refused`);
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          process.stdout.write(
            options.json
              ? `${JSON.stringify(summary, null, 2)}\n`
              : [`files read:       ${summary.files}`, `reports rebuilt:  ${summary.reports}`, `records:          ${summary.records}`,
                  `files refused:    ${summary.failedFiles}`, ...summary.failures.map((f) => `  ${f.file}: ${f.message} (${f.code})`)].join('\n') + '\n',
          );
          return summary.failedFiles === 0 ? 0 : 1;
        });
      }),
    );
}
