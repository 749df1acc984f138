import type { Config } from '../config/config.js';
import type { Services } from '../graphql/context.js';
import type { Logger } from '../logging/logger.js';
import { prepareSchemaOrExplain, step } from './application.js';
import { openDependencies } from './dependencies.js';
import { createServices } from './services.js';

export interface Worker {
  readonly services: Services;
  /** Stops taking jobs, lets running ones finish (bounded), closes the stores. Idempotent. */
  stop(): Promise<void>;
}

/** `dmarc-analytics worker`: the service graph and the scheduler, no HTTP server. */
export async function startWorker(config: Config, logger: Logger): Promise<Worker> {
  const dependencies = await openDependencies(config, logger);
  try {
    await prepareSchemaOrExplain(config, dependencies, logger);
    const services = createServices(config, dependencies, logger);
    services.jobs.start({ process: true });
    logger.info('dmarc-analytics worker started');
    let stopping: Promise<void> | undefined;
    return {
      services,
      stop: () =>
        (stopping ??= (async () => {
          await step('jobs', () => services.jobs.stop(config.lifecycle.shutdownTimeoutMs / 2), logger);
          await step('stores', () => dependencies.close(), logger);
          logger.info('worker stopped');
        })()),
    };
  } catch (error) {
    await dependencies.close().catch(() => {});
    throw error;
  }
}
