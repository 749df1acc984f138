import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../auth/clock.js';
import type { Config } from '../config/config.js';
import type { DomainEvents } from '../events/domain-events.js';
import type { DependencyProbe } from '../health/health-service.js';
import type { Logger } from '../logging/logger.js';

/** What every concern is built from (src/app/composition-root.ts hands it to each module). */
export interface ConcernContext {
  readonly config: Config;
  /** The ROOT EntityManager: services keep it and fork it per unit of work (see src/app/services.ts). */
  readonly em: EntityManager;
  readonly logger: Logger;
  /** The in-process domain events: services emit on it; src/app/reactions.ts registers who reacts. */
  readonly events: DomainEvents;
  /** The time every service reads (systemClock; tests move it instead of sleeping). */
  readonly clock: Clock;
}

/** The process a concern starts in: `serve` (the API; it runs jobs unless --no-jobs) or `worker` (jobs only). */
export interface ProcessRole {
  readonly kind: 'server' | 'worker';
  /** Whether due jobs run in this process. */
  readonly runsJobs: boolean;
}

/**
 * A concern as the composition root sees it: the services it adds to the graph, what it starts
 * once the process runs, and how it stops. Each concern's `module.ts` exports a function that
 * builds one; building opens nothing and starts nothing (build, then listen). The application
 * starts the modules in the order src/app/composition-root.ts lists them, opens the API last,
 * and stops in reverse: the API first, then each module, then the stores.
 */
export interface ConcernModule<Provided extends object = object> {
  /** Names the module in logs (stop steps). */
  readonly name: string;
  /** Merged into `Services` (src/app/services.ts). */
  readonly provides: Provided;
  /** Checks of what the concern depends on beyond the stores, for readiness (the job store). */
  readonly probes?: readonly DependencyProbe[];
  /** Starts background work; returns at once (a store that is down delays this concern, never the API). */
  start?(role: ProcessRole): void;
  /** Stops what `start` started and lets work under way finish; called even when `start` was not (commands). */
  stop?(): Promise<void>;
}
