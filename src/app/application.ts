import type { FastifyInstance } from 'fastify';
import { warnAboutAuthConfig } from '../auth/auth-services.js';
import type { Clock } from '../auth/clock.js';
import { withPermissions } from '../auth/permissions.js';
import type { Config } from '../config/config.js';
import { prepareSchema } from '../database/migrate.js';
import { DependencyUnavailableError, StartupError } from '../errors/app-error.js';
import { buildGraphQLSchema } from '../graphql/schema.js';
import { createHttpServer } from '../http/http-server.js';
import { listenForMetrics, type MetricsListener } from '../http/metrics-listener.js';
import type { ConcernModule } from '../lifecycle/concern-module.js';
import { startModules, step, stopModules } from '../lifecycle/run-modules.js';
import type { Logger } from '../logging/logger.js';
import { buildServiceGraph } from './composition-root.js';
import { openDependencies, type Dependencies } from './dependencies.js';
import type { Services } from './services.js';
import { startHint } from './start-hint.js';

export interface Application {
  /** Base URL the server listens on, e.g. http://127.0.0.1:4000 */
  readonly url: string;
  /** Base URL of the metrics' own listener (METRICS_PORT); undefined when /metrics is on `url`. */
  readonly metricsUrl: string | undefined;
  /** The fastify instance: `http.inject()` answers a request without a socket (tests). */
  readonly http: FastifyInstance;
  readonly services: Services;
  readonly dependencies: Dependencies;
  /** Stops accepting, finishes in-flight requests, closes sockets and stores. Idempotent. */
  stop(): Promise<void>;
}

/** The application built but not listening yet (fastify's model: build, then listen). */
export interface BuiltApplication {
  readonly http: FastifyInstance;
  readonly services: Services;
  readonly dependencies: Dependencies;
  /** Starts the concerns, then listens on HOST:PORT; returns the running application. */
  listen(): Promise<Application>;
  /** Closes the HTTP server (never started or not), stops the concerns and closes the stores. */
  close(): Promise<void>;
}

export interface ApplicationOptions {
  /**
   * Run due jobs in this process (`serve`, the default) or not (`serve --no-jobs`: the API still
   * lists jobs and queues runs for the workers).
   */
  readonly runJobs?: boolean;
  /** The time the services read; tests move it instead of sleeping (src/auth/clock.ts). */
  readonly clock?: Clock;
}

/**
 * Opens the dependencies, migrates, builds the service graph and the HTTP server, without
 * starting or listening. Tests and tools can use the built server (e.g. `inject`) without a socket.
 */
async function buildApplication(config: Config, logger: Logger, options: ApplicationOptions = {}): Promise<BuiltApplication> {
  const startedAt = Date.now();
  const dependencies = await openDependencies(config, logger);
  let http: FastifyInstance | undefined;
  try {
    await prepareSchemaOrExplain(config, dependencies, logger);
    const { services, modules } = buildServiceGraph(config, dependencies, logger, { clock: options.clock });
    warnAboutAuthConfig(config, logger);
    // Deny by default: every root field needs a rule in src/auth/permissions.ts.
    const schema = withPermissions(await buildGraphQLSchema());
    http = await createHttpServer({ schema, services, logger });
    const server = http;
    let closing: Promise<void> | undefined;
    let metricsListener: MetricsListener | undefined;
    const close = () => (closing ??= stopAll(server, modules, dependencies, logger, metricsListener));
    return {
      http: server,
      services,
      dependencies,
      close,
      async listen() {
        // The concerns first (each returns at once: a job store that is down delays the jobs,
        // never the API), then the API: it opens last and closes first.
        startModules(modules, { kind: 'server', runsJobs: options.runJobs ?? true });
        const address = await server.listen({ host: config.http.host, port: config.http.port });
        metricsListener = await listenForMetrics(services.metrics, config, logger);
        const url = address.replace('[::1]', 'localhost');
        logger.info({ url: `${url}/graphql`, startupMs: Date.now() - startedAt }, 'dmarc-analytics is ready');
        const hint = startHint(url, config);
        if (hint) logger.info(hint);
        return { url, metricsUrl: metricsListener?.url, http: server, services, dependencies, stop: close };
      },
    };
  } catch (error) {
    await http?.close().catch(() => {});
    await dependencies.close().catch(() => {});
    throw error;
  }
}

/**
 * The lifecycle in one place: build (open dependencies, migrate, build services and schema), then
 * start and listen. Stopping runs the same steps backwards.
 */
export async function startApplication(config: Config, logger: Logger, options: ApplicationOptions = {}): Promise<Application> {
  const built = await buildApplication(config, logger, options);
  try {
    return await built.listen();
  } catch (error) {
    await built.close().catch(() => {});
    throw error;
  }
}

export async function prepareSchemaOrExplain(config: Config, dependencies: Dependencies, logger: Logger): Promise<void> {
  try {
    await prepareSchema(dependencies.database.orm, config.database.migrateOnStart, logger);
  } catch (error) {
    if (error instanceof DependencyUnavailableError) throw new StartupError([error]);
    throw error;
  }
}

async function stopAll(http: FastifyInstance, modules: readonly ConcernModule[], dependencies: Dependencies, logger: Logger, metricsListener: MetricsListener | undefined): Promise<void> {
  const started = Date.now();
  if (metricsListener) await step('metrics listener', () => metricsListener.close(), logger);
  // Closing fastify stops accepting, closes every WebSocket (1001, the GraphQL route's preClose
  // hook) and lets in-flight requests finish.
  await step('http', () => http.close(), logger);
  // Then the concerns in reverse start order: running jobs (half the shutdown budget), the mailbox
  // watcher, webhook deliveries under way; then the stores.
  await stopModules(modules, logger);
  await step('stores', () => dependencies.close(), logger);
  logger.info({ ms: Date.now() - started }, 'stopped');
}
