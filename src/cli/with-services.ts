import type { Config } from '../config/config.js';
import type { Services } from '../graphql/context.js';
import type { Logger } from '../logging/logger.js';
import type { Dependencies } from '../app/dependencies.js';

/**
 * Runs a command body with the same service graph the server builds (createServices), over
 * freshly opened dependencies that are closed afterwards. The schema must be migrated already:
 * a command never migrates behind the operator's back (`dmarc-analytics migrate` does).
 */
export async function withServices<T>(
  config: Config,
  logger: Logger,
  body: (services: Services, dependencies: Dependencies) => Promise<T>,
): Promise<T> {
  // Loaded on use, so `--help` and the light commands do not pay for the whole graph.
  const { openDependencies } = await import('../app/dependencies.js');
  const { createServices } = await import('../app/services.js');
  const { requireMigrated } = await import('../database/migrate.js');
  // No file watching in a short-lived command.
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  try {
    await requireMigrated(dependencies.database.orm);
    return await body(createServices(config, dependencies, logger), dependencies);
  } finally {
    await dependencies.close();
  }
}
