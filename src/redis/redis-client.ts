import { Redis } from 'ioredis';
import { withTimeout } from '../async/with-timeout.js';
import { DependencyUnavailableError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';

/**
 * Connects to Redis (the shared rate-limit counters, the event bus). Unreachable at start-up fails the start
 * (exit 69) like PostgreSQL does: silently counting in memory instead would multiply the limits by
 * the number of instances without anyone noticing. Once running, ioredis reconnects by itself and
 * the limiters fall back to per-instance memory counters meanwhile (see limiters.ts).
 */
export async function connectRedis(
  url: string,
  timeoutMs: number,
  logger: Logger,
  messages: { readonly unavailable: string; readonly connected: string } = {
    unavailable: 'Redis unavailable; rate limits are counted per instance until it returns',
    connected: 'Redis connected; rate limits are shared',
  },
): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    // A rate-limit check must not queue behind a dead connection: fail fast, the in-memory
    // insurance limiter answers instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Reconnect for ever, backing off to 2 s, so an outage ends by itself.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // Without a listener ioredis logs every failed reconnect to stderr; log state changes once.
  let healthy = false;
  client.on('error', (error: Error) => {
    if (!healthy) return;
    healthy = false;
    logger.warn({ err: error }, messages.unavailable);
  });
  client.on('ready', () => {
    if (healthy) return;
    healthy = true;
    logger.info(messages.connected);
  });

  try {
    await withTimeout(client.connect(), timeoutMs, 'timed out');
  } catch (error) {
    client.disconnect();
    const message = `cannot connect to REDIS_URL within ${timeoutMs} ms: ${(error as Error).message}`;
    throw new DependencyUnavailableError('Redis', message, { cause: error });
  }
  return client;
}
