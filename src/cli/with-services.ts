import type { Config } from '../config/config.js';
import type { Services } from '../graphql/context.js';
import type { Logger } from '../logging/logger.js';
import type { Dependencies } from '../app/dependencies.js';

/**
 * Runs a command body with the same service graph the server builds (createServices), over
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
  const { createServices } = await import('../app/services.js');
  const { prepareSchema } = await import('../database/migrate.js');
  // No file watching in a short-lived command.
  const dependencies = await openDependencies(config, logger, { watchGeoip: false });
  let services: Services | undefined;
  try {
    await prepareSchema(dependencies.database.orm, config.database.migrateOnStart, logger);
    services = createServices(config, dependencies, logger);
    return await body(services, dependencies);
  } finally {
    await services?.jobs.stop(config.lifecycle.shutdownTimeoutMs / 2);
    // Webhook deliveries a command queued are sent before the pool closes (or stay queued).
    await services?.webhooks.stop();
    // Naming a command queued (`ingest`) is left to the name-senders job rather than waited for.
    if (services) await (await import('../app/senders-wiring.js')).stopSenderServices(services);
    await dependencies.close();
  }
}
