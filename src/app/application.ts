import type { FastifyInstance } from 'fastify';
import { warnAboutAuthConfig } from '../auth/auth-services.js';
import { withPermissions } from '../auth/permissions.js';
import type { Config } from '../config/config.js';
import { prepareSchema } from '../database/migrate.js';
import { DependencyUnavailableError, StartupError } from '../errors/app-error.js';
import type { Services } from '../graphql/context.js';
import { buildGraphQLSchema } from '../graphql/schema.js';
import { createHttpServer } from '../http/http-server.js';
import type { Logger } from '../logging/logger.js';
import type { MailboxWatcher } from '../mailbox/mailbox-watcher.js';
import { startDeliveryTimer } from '../webhooks/index.js';
import { openDependencies, type Dependencies } from './dependencies.js';
import { stopSenderServices } from './senders-wiring.js';
import { createServices } from './services.js';
import { startHint } from './start-hint.js';

export interface Application {
  /** Base URL the server listens on, e.g. http://127.0.0.1:4000 */
  readonly url: string;
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
  /** Listens on HOST:PORT; returns the running application. */
  listen(): Promise<Application>;
  /** Closes the HTTP server (never started or not) and the stores. */
  close(): Promise<void>;
}

export interface ApplicationOptions {
  /**
   * Run due jobs in this process (`serve`, the default) or not (`serve --no-jobs`: the API still
   * lists jobs and queues runs for the workers).
   */
  readonly runJobs?: boolean;
}

/**
 * Opens the dependencies, migrates, builds the service graph and the HTTP server, without
 * listening. Tests and tools can use the built server (e.g. `inject`) without a socket.
 */
export async function buildApplication(config: Config, logger: Logger, options: ApplicationOptions = {}): Promise<BuiltApplication> {
  const startedAt = Date.now();
  const dependencies = await openDependencies(config, logger);
  let http: FastifyInstance | undefined;
  try {
    await prepareSchemaOrExplain(config, dependencies, logger);
    const services = createServices(config, dependencies, logger);
    warnAboutAuthConfig(config, logger);
    // Deny by default: every root field needs a rule in src/auth/permissions.ts.
    const schema = withPermissions(await buildGraphQLSchema());
    http = await createHttpServer({ schema, orm: dependencies.database.orm, services, logger });
    const server = http;
    // The process that runs jobs watches the mailbox once listening (IMAP_URL set), so one process
    // reads it; `serve --no-jobs` leaves it to the workers' poll-mailbox job. Stopped before the stores close.
    const watcher = (options.runJobs ?? true) ? services.mailbox.createWatcher() : undefined;
    let webhookTimer: { stop(): void } | undefined;
    const stopBackgroundWork = async () => {
      await watcher?.stop();
      webhookTimer?.stop();
      await services.webhooks.stop();
      await stopSenderServices(services);
    };
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= stopAll(server, services, dependencies, logger, watcher, stopBackgroundWork));
    return {
      http: server,
      services,
      dependencies,
      close,
      async listen() {
        const address = await server.listen({ host: config.http.host, port: config.http.port });
        const url = address.replace('[::1]', 'localhost');
        // In the background: a job store that is down delays the jobs, never the API.
        services.jobs.start({ process: options.runJobs ?? true });
        logger.info({ url: `${url}/graphql`, startupMs: Date.now() - startedAt }, 'dmarc-analytics is ready');
        // Prompt retries where alerts are raised; the deliver-webhooks job catches up everywhere else
        // (each delivery is taken by one process: FOR UPDATE SKIP LOCKED).
        webhookTimer = startDeliveryTimer(services.webhooks, config.webhooks.pollIntervalMs);
        // Sends what a previous run left due.
        services.webhooks.deliverInBackground();
        const hint = startHint(url, config);
        if (hint) logger.info(hint);
        watcher?.start();
        return { url, http: server, services, dependencies, stop: close };
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
 * listen. Stopping runs the same steps backwards.
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

async function stopAll(
  http: FastifyInstance,
  services: Services,
  dependencies: Dependencies,
  logger: Logger,
  watcher: MailboxWatcher | undefined,
  stopBackgroundWork: () => Promise<void>,
): Promise<void> {
  const started = Date.now();
  // Closing fastify stops accepting, lets in-flight requests finish and, through Apollo's drain
  // plugins, closes every WebSocket.
  await step('http', () => http.close(), logger);
  // Running jobs get half the shutdown budget to finish; the rest stay locked and rerun elsewhere.
  await step('jobs', () => services.jobs.stop(services.config.lifecycle.shutdownTimeoutMs / 2), logger);
  // Webhook deliveries under way finish (each is bounded by WEBHOOK_TIMEOUT_MS) before the pool closes.
  await step('background work', stopBackgroundWork, logger);
  await step('stores', () => dependencies.close(), logger);
  logger.info({ ms: Date.now() - started }, 'stopped');
}

export async function step(name: string, action: () => Promise<unknown>, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    await action();
    logger.debug({ step: name, ms: Date.now() - started }, 'stop step done');
  } catch (error) {
    logger.error({ err: error, step: name }, 'error while stopping');
  }
}
