import { RedisPubSub } from 'graphql-redis-subscriptions';
import type { Redis } from 'ioredis';
import { withTimeout } from '../async/with-timeout.js';
import { DependencyUnavailableError } from '../errors/app-error.js';
import type { Logger } from '../logging/logger.js';
import { connectRedis } from '../redis/redis-client.js';
import type { EventBus, Topic } from './event-bus.js';

/** Channels are prefixed so that several deployments can share one Redis. */
const CHANNEL_PREFIX = 'dmarc-analytics:';

/**
 * Redis pub/sub through graphql-redis-subscriptions: one publishing and one subscribing connection
 * per process, one Redis SUBSCRIBE per topic however many listeners. A message published here
 * comes back through Redis like everyone else's: local listeners are called once, by Redis.
 * Every message is a JSON array of payloads (publishMany sends a whole batch in one message), so
 * there is one wire format and a batch is parsed once per process, not once per payload.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis';

  private constructor(
    private readonly pubsub: RedisPubSub,
    private readonly clients: readonly Redis[],
    private readonly logger: Logger,
  ) {}

  static async connect(url: string, timeoutMs: number, logger: Logger): Promise<RedisEventBus> {
    const messages = { unavailable: 'Redis unavailable; events reach this instance only once it returns', connected: 'Redis connected; events are shared' };
    const [publisher, subscriber] = await Promise.all([connectRedis(url, timeoutMs, logger, messages), connectRedis(url, timeoutMs, logger, messages)]);
    // The library types its clients with its own (optional) copy of ioredis 5; ours is ioredis 6.
    const pubsub = new RedisPubSub({ publisher: publisher as never, subscriber: subscriber as never });
    return new RedisEventBus(pubsub, [publisher, subscriber], logger);
  }

  publish(topic: Topic, payload: unknown): Promise<void> {
    return this.publishMany(topic, [payload]);
  }

  async publishMany(topic: Topic, payloads: readonly unknown[]): Promise<void> {
    if (payloads.length > 0) await this.pubsub.publish(CHANNEL_PREFIX + topic, payloads);
  }

  async subscribe(topic: Topic, listener: (payload: unknown) => void): Promise<() => void> {
    const id = await this.pubsub.subscribe(CHANNEL_PREFIX + topic, (message: unknown) => {
      if (!Array.isArray(message)) {
        this.logger.warn({ topic }, 'event bus message ignored: not a list of payloads');
        return;
      }
      for (const payload of message) {
        try {
          listener(payload);
        } catch (error) {
          this.logger.error({ err: error, topic }, 'event listener failed');
        }
      }
    });
    return () => this.pubsub.unsubscribe(id);
  }

  /** The publishing connection answers: what every instance needs to hear this one. */
  async ping(timeoutMs: number): Promise<void> {
    try {
      await withTimeout(this.clients[0]!.ping(), timeoutMs, 'no answer');
    } catch (error) {
      throw new DependencyUnavailableError('Redis', `cannot reach Redis: ${(error as Error).message}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
