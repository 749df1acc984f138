import type { Logger } from '../logging/logger.js';
import type { EventBus, Topic } from './event-bus.js';

/** One process: listeners are called in a later microtask, as they would be after a round trip to Redis. */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory';
  readonly #listeners = new Map<Topic, Set<(payload: unknown) => void>>();

  constructor(private readonly logger?: Logger) {}

  publish(topic: Topic, payload: unknown): Promise<void> {
    return this.publishMany(topic, [payload]);
  }

  async publishMany(topic: Topic, payloads: readonly unknown[]): Promise<void> {
    const listeners = this.#listeners.get(topic);
    if (!listeners || payloads.length === 0) return;
    await Promise.resolve();
    const called = [...listeners];
    for (const payload of payloads) {
      for (const listener of called) {
        try {
          listener(payload);
        } catch (error) {
          this.logger?.error({ err: error, topic }, 'event listener failed');
        }
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

  /** Memory is always there. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
