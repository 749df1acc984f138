import type { Logger } from '../logging/logger.js';
import type { DomainEventMap, DomainEventName } from './event-map.js';

export type { AlertBatch, DetectionFinished, DomainEventMap, DomainEventName } from './event-map.js';

/** What a reaction does with an event. A promise it returns is awaited before the next reaction runs. */
export type Reaction<E extends DomainEventName> = (payload: DomainEventMap[E]) => void | Promise<void>;

interface Registered {
  readonly name: string;
  readonly react: (payload: never) => void | Promise<void>;
}

/**
 * The one way concerns hear of each other inside a process: an emitter names an event of
 * DomainEventMap, the reactions registered for it (src/app/reactions.ts) run.
 *
 * - `emit` runs the reactions in the order they were registered, one after the other, and resolves
 *   when the last is done: an emitter that awaits it (ingestion, detection, alerts) returns to its
 *   caller with every effect in place, as a request or a test expects. A reaction that does not
 *   return a promise runs synchronously within `emit`.
 * - A reaction that throws or rejects is logged with the event and its name; the other reactions
 *   still run and `emit` never rejects, so no reaction can undo or fail what was already committed
 *   (a stored report, a detection run, a raised alert).
 * - Only this process hears an event. src/app/reactions.ts says which are also published on the
 *   event bus (src/pubsub) for the other instances.
 */
export class DomainEvents {
  readonly #reactions = new Map<DomainEventName, readonly Registered[]>();

  /** `logger` receives reaction failures; without one (a service built alone in a test) they are dropped. */
  constructor(private readonly logger?: Logger) {}

  /** Registers `react` for `event` under `name` (said in logs and `describe()`); returns the function that removes it. */
  on<E extends DomainEventName>(event: E, name: string, react: Reaction<E>): () => void {
    const registered: Registered = { name, react };
    // Copied on change, so an emit under way finishes with the reactions it started with.
    this.#reactions.set(event, [...(this.#reactions.get(event) ?? []), registered]);
    return () => {
      this.#reactions.set(event, (this.#reactions.get(event) ?? []).filter((r) => r !== registered));
    };
  }

  /** True when something reacts to `event`: an emitter may skip gathering a payload no one reads. */
  hasReactions(event: DomainEventName): boolean {
    return (this.#reactions.get(event)?.length ?? 0) > 0;
  }

  async emit<E extends DomainEventName>(event: E, payload: DomainEventMap[E]): Promise<void> {
    const reactions = this.#reactions.get(event);
    if (reactions === undefined) return;
    for (const reaction of reactions) {
      try {
        const done = (reaction.react as Reaction<E>)(payload);
        if (done !== undefined) await done;
      } catch (error) {
        this.logger?.error({ err: error, event, reaction: reaction.name }, 'reaction failed');
      }
    }
  }

  /** Every event with reactions and their names, in the order they run. */
  describe(): Record<string, string[]> {
    return Object.fromEntries([...this.#reactions].filter(([, list]) => list.length > 0).map(([event, list]) => [event, list.map((r) => r.name)]));
  }
}
