import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { EventBus } from './event-bus.js';
import { MemoryEventBus } from './memory-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

export { TOPICS, type EventBus, type Topic } from './event-bus.js';
export { MemoryEventBus } from './memory-event-bus.js';

/** Redis pub/sub when REDIS_URL is set (every instance hears every event), in memory otherwise. */
export async function createEventBus(config: Config, logger: Logger): Promise<EventBus> {
  const url = config.rateLimit.redisUrl;
  if (!url) return new MemoryEventBus(logger);
  return RedisEventBus.connect(url, config.lifecycle.startupTimeoutMs, logger);
}
