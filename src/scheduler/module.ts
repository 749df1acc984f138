import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import type { Mongo } from '../mongo/mongo.js';
import type { JobDefinition } from './job-definition.js';
import { JobScheduler } from './job-scheduler.js';
import { openJobStore } from './job-store.js';
import { RunLedger } from './run-ledger.js';

/**
 * The scheduler of the jobs of jobs/ (Agenda on MongoDB, or on PostgreSQL without MONGODB_URL).
 * Started by `serve` (running due jobs unless --no-jobs) and `worker`; it connects in the
 * background, so a job store that is down delays the jobs, never the API. Stopping gives running
 * jobs half the shutdown budget to finish; the rest stay locked and rerun elsewhere.
 */
export function schedulerModule<S>(
  context: ConcernContext,
  deps: { definitions: readonly JobDefinition<S>[]; mongo: Mongo | undefined; postgresUrl: string | undefined; services: () => S },
): ConcernModule<{ jobs: JobScheduler<S> }> {
  const { config, em, logger, events } = context;
  const jobs = new JobScheduler<S>({
    definitions: deps.definitions,
    config,
    store: openJobStore({ mongo: deps.mongo, postgresUrl: deps.postgresUrl, logger }),
    // A run whose heartbeat is older than 2/3 of the lock lifetime is dead by the time its lock expires.
    ledger: new RunLedger(em, Math.floor((config.jobs.lockLifetimeMs * 2) / 3)),
    logger,
    services: deps.services,
    events,
  });
  return {
    name: 'scheduler',
    provides: { jobs },
    probes: [{ name: 'jobs', required: false, check: () => jobs.check() }],
    start: (role) => jobs.start({ process: role.runsJobs }),
    stop: () => jobs.stop(config.lifecycle.shutdownTimeoutMs / 2),
  };
}
