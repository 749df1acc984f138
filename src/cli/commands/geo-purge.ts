import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerGeoPurge(program: Command): void {
  program
    .command('geo-purge')
    .description('delete expired rows of the geolocation cache (see GEOIP_CACHE_TTL_DAYS)')
    .action(() =>
      runCommand((config, logger) =>
        withServices(config, logger, async ({ geo }) => {
          const purged = await geo.purgeExpired();
          process.stdout.write(`purged ${purged} expired geolocation cache row(s)\n`);
        }),
      ),
    );
}
