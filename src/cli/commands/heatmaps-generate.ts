import type { Command } from 'commander';
import { runCommand } from '../run-command.js';

export function registerHeatmapsGenerate(program: Command): void {
  program
    .command('heatmaps-generate')
    .description('compute the common geographic heatmaps (7, 30 and 90 days; all domains and each recent domain) into the analytics cache')
    .action(() =>
      runCommand(async (config, logger) => {
        const { openMigratedDatabase } = await import('../../database/open-migrated-database.js');
        const { GeoHeatmapService } = await import('../../analytics/heatmap/index.js');
        const { CachedGeoLookup } = await import('../../geolocation/cache/index.js');
        const { GeolocationService } = await import('../../geolocation/index.js');
        const database = await openMigratedDatabase(config, logger);
        const geolocation = await GeolocationService.open({ cityDbPath: config.geoip.cityDbPath, asnDbPath: config.geoip.asnDbPath, logger, watchForUpdates: false });
        try {
          const { em } = database.orm;
          const geo = new CachedGeoLookup({ em, geolocation, ttlDays: config.geoip.cacheTtlDays, logger });
          const started = Date.now();
          const result = await new GeoHeatmapService({ em, geo, logger }).pregenerateCommonHeatmaps();
          process.stdout.write(`generated ${result.generated} heatmap(s) for ${result.domains.length} domain(s) in ${Date.now() - started} ms\n`);
        } finally {
          geolocation.close();
          await database.close();
        }
      }),
    );
}
