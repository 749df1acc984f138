/**
 * Our server for the benchmark: the whole application (createServices, the HTTP and WebSocket
 * server, the operation pipeline), in its own process, driven by the runner over IPC.
 * Every limit keeps its default: subscribers authenticate with VIEWER API keys made here
 * (CONNECTIONS_PER_KEY sockets each, the per-principal limit) and come from 200 loopback addresses
 * (50 each, the per-IP limit).
 *
 * TODO(merge with wt-alerts): subscribe, and raise one detection run's 100 alerts through
 * `services.alerts.processDetection` (stamping each alert when this process sees it on the bus).
 * Until then the server has no subscriptions: connections are authenticated and held idle.
 */
import { pino } from 'pino';
import { Role } from '../../entities/roles.js';
import { startApplication } from '../../src/app/application.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { ServerCommand, ServerReply } from './workload.js';

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  MIGRATE_ON_START: 'true',
});
// Logs at info, like production, into /dev/null.
const logger = createLogger({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
const app = await startApplication(config, logger);
const { services } = app;

const apiKeys: string[] = [];
const keyCount = Number(process.env.BENCH_API_KEYS ?? 0);
for (let i = 0; i < keyCount; i++) apiKeys.push((await services.auth.apiKeys.create({ name: `bench subscriber ${i}`, role: Role.VIEWER })).key);

function send(message: ServerReply): void {
  process.send!(message);
}

process.on('message', (command: ServerCommand) => {
  void (async () => {
    if (command.type === 'memory') {
      globalThis.gc?.();
      globalThis.gc?.();
      const usage = process.memoryUsage();
      send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed });
    } else if (command.type === 'stop') {
      await app.stop();
      process.exit(0);
    }
  })();
});
send({ type: 'ready', url: `${app.url.replace(/^http/, 'ws')}/graphql`, apiKeys, subscriptions: false });
