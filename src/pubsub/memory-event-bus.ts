import type { Logger } from '../logging/logger.js';
import type { EventBus, Topic } from './event-bus.js';

/** One process: listeners are called in a later microtask, as they would be after a round trip to Redis. */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory';
  readonly #listeners = new Map<Topic, Set<(payload: unknown) => void>>();

  constructor(private readonly logger?: Logger) {}

  async publish(topic: Topic, payload: unknown): Promise<void> {
    const listeners = this.#listeners.get(topic);
    if (!listeners) return;
    await Promise.resolve();
    for (const listener of [...listeners]) {
      try {
        listener(payload);
      } catch (error) {
        this.logger?.error({ err: error, topic }, 'event listener failed');
      }
    }
  }

  async subscribe(topic: Topic, listener: (payload: unknown) => void): Promise<() => void> {
    const listeners = this.#listeners.get(topic) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(topic, listeners);
    return () => {
      listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
