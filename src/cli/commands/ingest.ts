import type { Command } from 'commander';
import { BadUserInputError } from '../../errors/app-error.js';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('store DMARC aggregate, failure (ARF or plain text) and SMTP TLS (JSON) reports (XML, JSON, gzip, zip, e-mail) from files, directories (walked recursively; Maildir folders), mbox files, or the mailbox')
    .argument('[paths...]', 'report files, directories, Maildir folders or mbox files')
    .option('--imap', 'run one pass over the mailbox (IMAP_URL): ingest every message, move it to the processed or refused folder')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nEach message of an mbox file, and each file of a Maildir\'s cur/ and new/, is one input.' +
        '\nExit code 0 when every file was stored (or already was), 1 when any file or message was rejected.',
    )
    .action((paths: string[], options: { json?: boolean; imap?: boolean }) =>
      runCommand(async (config) => {
        const { createLogger } = await import('../../logging/logger.js');
        const { collectInputs } = await import('../ingest/collect-files.js');
        const { ingestInputs } = await import('../ingest/ingest-inputs.js');
        const { createProgress } = await import('../ingest/progress-bar.js');
        const { summarize, formatSummary } = await import('../ingest/ingest-summary.js');

        if (paths.length === 0 && !options.imap) throw new BadUserInputError('name files or directories to ingest, or --imap for the mailbox');
        if (options.imap && config.imap === undefined) throw new BadUserInputError('--imap needs IMAP_URL (see README: Mailbox ingestion)');
        // Logs go to stderr: stdout carries the summary (JSON with --json).
        const logger = createLogger(config.log, process.stderr);
        const started = Date.now();
        const inputs = await collectInputs(paths);
        // Without a GeoIP database the ingestion hook logs a warning and the heatmaps geolocate
        // the addresses later. The same subscribers as the server: new addresses geolocated, the
        // domain's heatmaps dropped; refused files kept in the quarantine.
        return withServices(config, logger, async ({ ingestion, mailbox }) => {
          const progress = createProgress(inputs.length);
          const results: Parameters<typeof summarize>[0][number][] = [];
          let records = 0;
          await ingestInputs(ingestion, inputs, config.reportUpload.bodyLimitBytes, (result) => {
            results.push(result);
            records += result.reports.reduce((sum, r) => sum + (r.status === 'ingested' ? r.records : 0), 0);
            progress.update(Math.min(results.length, inputs.length), records);
          });
          progress.stop();
          const pass = options.imap ? await mailbox.ingester!.pollOnce() : undefined;
          const summary = { ...summarize(results, Date.now() - started), ...(pass ? { mailbox: { ...pass } } : {}) };
          if (pass) {
            summary.ingested += pass.reportsStored;
            summary.duplicates += pass.duplicates;
          }
          const refusedMessages = pass?.refused ?? 0;
          process.stdout.write(
            options.json
              ? `${JSON.stringify(summary, null, 2)}\n`
              : formatSummary(summary) + (pass ? mailboxLine(pass, config.imap!.refusedFolder) : ''),
          );
          return summary.rejected.length === 0 && refusedMessages === 0 && (pass?.failed ?? 0) === 0 ? 0 : 1;
        });
      }),
    );
}

function mailboxLine(pass: { messages: number; refused: number; failed: number; poisoned: number }, refusedFolder: string): string {
  const poisoned = pass.poisoned > 0 ? ` (${pass.poisoned} after failing IMAP_MAX_ATTEMPTS times)` : '';
  const failed = pass.failed > 0 ? `, ${pass.failed} failed and left for another attempt` : '';
  return `mailbox:          ${pass.messages} messages read, ${pass.refused} moved to ${refusedFolder}${poisoned}${failed}\n`;
}
