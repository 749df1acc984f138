import type { Config } from '../config/config.js';
import { listenForMetrics } from '../http/metrics-listener.js';
import { startModules, step, stopModules } from '../lifecycle/run-modules.js';
import type { Logger } from '../logging/logger.js';
import { prepareSchemaOrExplain } from './application.js';
import { buildServiceGraph } from './composition-root.js';
import { openDependencies } from './dependencies.js';
import type { Services } from './services.js';

export interface Worker {
  readonly services: Services;
  /** Base URL of the metrics' listener (METRICS_PORT); undefined without it. */
  readonly metricsUrl: string | undefined;
  /** Stops taking jobs, lets running ones finish (bounded), closes the stores. Idempotent. */
  stop(): Promise<void>;
}

export const MEMORY_BUS_WARNING =
  'REDIS_URL is not set: alerts this worker raises go to webhooks, but no live subscriber of a separate server hears of them; set REDIS_URL on the workers and the servers';

/** `dmarc-analytics worker`: the service graph and the scheduler, no HTTP server. */
export async function startWorker(config: Config, logger: Logger): Promise<Worker> {
  const dependencies = await openDependencies(config, logger);
  try {
    await prepareSchemaOrExplain(config, dependencies, logger);
    const { services, modules } = buildServiceGraph(config, dependencies, logger);
    startModules(modules, { kind: 'worker', runsJobs: true });
    // A worker has no API: its metrics (job runs, alerts it raised) need a listener of their own.
    const metricsListener = await listenForMetrics(services.metrics, config, logger).catch(async (error: unknown) => {
      await stopModules(modules, logger);
      throw error;
    });
    if (!metricsListener) logger.info('METRICS_PORT is not set: this worker serves no metrics');
    logger.info('dmarc-analytics worker started');
    // A worker shares no memory with the servers: without Redis its alerts and anomalies stay here.
    if (dependencies.bus.kind === 'memory') logger.warn(MEMORY_BUS_WARNING);
    let stopping: Promise<void> | undefined;
    return {
      services,
      metricsUrl: metricsListener?.url,
      stop: () =>
        (stopping ??= (async () => {
          if (metricsListener) await step('metrics listener', () => metricsListener.close(), logger);
          await stopModules(modules, logger);
          await step('stores', () => dependencies.close(), logger);
          logger.info('worker stopped');
        })()),
    };
  } catch (error) {
    await dependencies.close().catch(() => {});
    throw error;
  }
}
