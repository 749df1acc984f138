import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

export function registerGeoPurge(program: Command): void {
  program
    .command('geo-purge')
    .description('delete expired rows of the geolocation cache (see GEOIP_CACHE_TTL_DAYS)')
    .action(() =>
      runCommand(async (config, logger) => {
        const { openMigratedDatabase } = await import('../../database/open-migrated-database.js');
        const { purgeExpiredGeolocations } = await import('../../geolocation/cache/index.js');
        const database = await openMigratedDatabase(config, logger);
        try {
          const purged = await purgeExpiredGeolocations(database.orm.em);
          process.stdout.write(`purged ${purged} expired geolocation cache row(s)\n`);
        } finally {
          await database.close();
        }
      }),
    );
}
