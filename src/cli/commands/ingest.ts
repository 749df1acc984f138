import type { Command } from 'commander';
import { BadUserInputError } from '../../errors/app-error.js';
import type { FileIngestionResult } from '../../ingestion/storage/index.js';
import type { FailedMessage, IngestSummary } from '../ingest/ingest-summary.js';
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
        '\nExit code 0 when every file and message was stored (or already was), 1 when any was rejected or, with --imap,' +
        '\na message\'s ingestion failed (it stays in the mailbox for another pass). The summary lists each of them.',
    )
    .action((paths: string[], options: { json?: boolean; imap?: boolean }) =>
      runCommand(async (config, logger) => {
        const { collectInputs } = await import('../ingest/collect-files.js');
        const { ingestInputs } = await import('../ingest/ingest-inputs.js');
        const { createProgress } = await import('../ingest/progress-bar.js');
        const { summarize, formatSummary } = await import('../ingest/ingest-summary.js');

        if (paths.length === 0 && !options.imap) throw new BadUserInputError('name files or directories to ingest, or --imap for the mailbox');
        if (options.imap && config.imap === undefined) throw new BadUserInputError('--imap needs IMAP_URL (see README: Mailbox ingestion)');
        // Logs go to stderr (runCommand): stdout carries the summary (JSON with --json).
        const started = Date.now();
        const inputs = await collectInputs(paths);
        // Without a GeoIP database the ingestion hook logs a warning and the heatmaps geolocate
        // the addresses later. The same subscribers as the server: new addresses geolocated, the
        // domain's heatmaps dropped; refused files kept in the quarantine.
        return withServices(config, logger, async ({ ingestion, mailbox }) => {
          const progress = createProgress(inputs.length);
          const results: FileIngestionResult[] = [];
          let records = 0;
          const record = (result: FileIngestionResult) => {
            results.push(result);
            records += result.reports.reduce((sum, r) => sum + (r.status === 'ingested' ? r.records : 0), 0);
          };
          await ingestInputs(ingestion, inputs, config.reportUpload.bodyLimitBytes, (result) => {
            record(result);
            progress.update(Math.min(results.length, inputs.length), records);
          });
          progress.stop();
          // Each message of the mailbox counts like a file: stored, duplicate or rejected (moved to
          // the refused folder); one whose ingestion failed unexpectedly stays for another pass.
          const failed: FailedMessage[] = [];
          const pass = options.imap
            ? await mailbox.ingester!.pollOnce(({ movedTo, result }) => {
                if (movedTo === 'left') failed.push({ message: result.file, reason: result.error?.message ?? 'ingestion failed' });
                else record(result);
              })
            : undefined;
          const summary: IngestSummary = { ...summarize(results, Date.now() - started), ...(pass ? { failed, mailbox: { ...pass } } : {}) };
          process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, config.imap));
          return summary.rejected.length === 0 && failed.length === 0 ? 0 : 1;
        });
      }),
    );
}
