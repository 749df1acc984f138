import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../src/graphql/context.js';
import type { JobStatusView } from '../src/scheduler/job-scheduler.js';
import { JobBackend, JobRunOutcome, JobType } from './jobs.types.js';

@Resolver()
export class JobsResolver {
  @Query(() => [JobType], { description: 'Every scheduled job with its schedule, last runs, failures and progress.' })
  async jobs(@Ctx() { services }: GraphQLContext): Promise<JobType[]> {
    return (await services.jobs.list()).map(toJobType);
  }

  @Mutation(() => JobType, { description: 'Queues a run now for the first free worker; BAD_USER_INPUT for an unknown job, DEPENDENCY_UNAVAILABLE while the job store is down.' })
  async runJob(@Ctx() { services }: GraphQLContext, @Arg('name', () => String) name: string): Promise<JobType> {
    return toJobType(await services.jobs.runNow(name));
  }

  @Mutation(() => JobType, { description: 'Stops scheduling the job (and queued runs of it) until resumeJob.' })
  async pauseJob(@Ctx() { services }: GraphQLContext, @Arg('name', () => String) name: string): Promise<JobType> {
    return toJobType(await services.jobs.pause(name));
  }

  @Mutation(() => JobType)
  async resumeJob(@Ctx() { services }: GraphQLContext, @Arg('name', () => String) name: string): Promise<JobType> {
    return toJobType(await services.jobs.resume(name));
  }
}

function toJobType(job: JobStatusView): JobType {
  return {
    ...job,
    backend: job.backend === 'mongodb' ? JobBackend.MONGODB : JobBackend.POSTGRESQL,
    recentRuns: job.recentRuns.map((run) => ({ ...run, outcome: JobRunOutcome[run.outcome] })),
  };
}
