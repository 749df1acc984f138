import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerHeatmapsGenerate(program: Command): void {
  program
    .command('heatmaps-generate')
    .description('compute the common geographic heatmaps (7, 30 and 90 days; all domains and each recent domain) into the analytics cache')
    .action(() =>
      runCommand((config, logger) =>
        withServices(config, logger, async ({ heatmaps }) => {
          const started = Date.now();
          const result = await heatmaps.pregenerateCommonHeatmaps();
          process.stdout.write(`generated ${result.generated} heatmap(s) for ${result.domains.length} domain(s) in ${Date.now() - started} ms\n`);
        }),
      ),
    );
}
