import type { Command } from 'commander';
import { BadUserInputError } from '../../errors/app-error.js';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerReingest(program: Command): void {
  program
    .command('reingest')
    .description('try refused files again with the current parser (after an upgrade that learned to read them)')
    .option('--refused', 'every quarantined file not re-ingested yet (required: the only source today)')
    .option('--id <id>', 'only this refused file (an id from refusedReports)')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', '\nA file stored now is marked re-ingested with its reports; one refused again keeps the new reason.\nExit code 0 when every file was stored, 1 when any is still refused.')
    .action((options: { refused?: boolean; id?: string; json?: boolean }) =>
      runCommand(async (config, logger) => {
        if (!options.refused) throw new BadUserInputError('say what to re-ingest: --refused (the quarantined files)');
        if (options.id !== undefined && !/^[1-9]\d{0,15}$/.test(options.id)) throw new BadUserInputError(`invalid id "${options.id}"`);
        const { reingestRefused } = await import('../../quarantine/reingest-refused.js');
        return withServices(config, logger, async ({ quarantine, ingestion }) => {
          const stored: { id: number; reports: number[] }[] = [];
          const stillRefused: { id: number; code: string; reason: string }[] = [];
          const attempt = async (id: number) => {
            const { result } = await reingestRefused(quarantine, ingestion, id);
            if (result.error) stillRefused.push({ id, code: result.error.code, reason: result.error.message });
            else stored.push({ id, reports: result.reports.map((r) => r.id) });
            process.stderr.write(`\rre-ingested ${stored.length}, still refused ${stillRefused.length}`);
          };
          if (options.id !== undefined) {
            await attempt(Number(options.id));
          } else {
            // Page by id: a file refused again stays pending, and must not be tried twice in one run.
            for (let after = 0; ;) {
              const ids = await quarantine.pendingIds(100, after);
              if (ids.length === 0) break;
              for (const id of ids) await attempt(id);
              after = ids[ids.length - 1]!;
            }
          }
          process.stderr.write('\n');
          const summary = { reingested: stored, stillRefused };
          process.stdout.write(
            options.json
              ? `${JSON.stringify(summary, null, 2)}\n`
              : [`re-ingested:    ${stored.length}`, ...stored.map((s) => `  #${s.id}: reports ${s.reports.join(', ')}`), `still refused:  ${stillRefused.length}`,
                  ...stillRefused.map((r) => `  #${r.id}: ${r.reason} (${r.code})`)].join('\n') + '\n',
          );
          return stillRefused.length === 0 ? 0 : 1;
        });
      }),
    );
}
