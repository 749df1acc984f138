import type { Config } from '../config/config.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logging/logger.js';
import type { Dependencies } from '../app/dependencies.js';

/**
 * Runs a command body with the same service graph the server builds (buildServiceGraph), over
 * freshly opened dependencies that are closed afterwards. The schema is prepared exactly as
 * `serve` prepares it: pending migrations applied when MIGRATE_ON_START is on (the development
 * default, so `create-user` works on a fresh clone), refused with the command to run otherwise
 * (production, where `dmarc-analytics migrate` is a deliberate step).
 */
export async function withServices<T>(
  config: Config,
  logger: Logger,
  body: (services: Services, dependencies: Dependencies) => Promise<T>,
): Promise<T> {
  // Loaded on use, so `--help` and the light commands do not pay for the whole graph.
  const { openDependencies } = await import('../app/dependencies.js');
  const { buildServiceGraph } = await import('../app/composition-root.js');
  const { stopModules } = await import('../lifecycle/run-modules.js');
  const { prepareSchema } = await import('../database/migrate.js');
  // No file watching in a short-lived command.
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  let graph: ReturnType<typeof buildServiceGraph> | undefined;
  try {
    await prepareSchema(dependencies.database.orm, config.database.migrateOnStart, logger);
    graph = buildServiceGraph(config, dependencies, logger);
    return await body(graph.services, dependencies);
  } finally {
    // Nothing was started; stopping still lets a job run by the command finish, and sends the
    // webhook deliveries it queued before the pool closes (or leaves them queued).
    if (graph) await stopModules(graph.modules, logger);
    await dependencies.close();
  }
}
