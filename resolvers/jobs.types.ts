import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum JobBackend {
  MONGODB = 'MONGODB',
  POSTGRESQL = 'POSTGRESQL',
}
registerEnumType(JobBackend, { name: 'JobBackend', description: 'Where the job schedule is kept: MongoDB (MONGODB_URL), or the application database without one.' });

export enum JobRunOutcome {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(JobRunOutcome, {
  name: 'JobRunOutcome',
  description: 'SKIPPED: its schedule slot was done already; ABANDONED: the worker running it stopped, and another one redid the slot.',
});

@ObjectType({ description: 'A failed run of a job.' })
export class JobFailure {
  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  message!: string;

  @Field(() => ID, { nullable: true })
  runId!: string | null;
}

@ObjectType({ description: 'One attempt of a job.' })
export class JobRunType {
  @Field(() => ID)
  runId!: string;

  @Field(() => Date, { nullable: true, description: 'The schedule slot it ran for; null when run on demand.' })
  slot!: Date | null;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Null while running.' })
  durationMs!: number | null;

  @Field(() => JobRunOutcome)
  outcome!: JobRunOutcome;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { description: 'host:pid of the process that ran it.' })
  worker!: string;
}

@ObjectType({ description: 'A scheduled job (jobs/).' })
export class JobType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String, { nullable: true, description: 'Cron expression (JOB_<NAME>_CRON); null = on demand only.' })
  schedule!: string | null;

  @Field(() => String, { description: 'IANA time zone of the schedule.' })
  timeZone!: string;

  @Field(() => JobBackend)
  backend!: JobBackend;

  @Field(() => Boolean, { description: 'False while the job store cannot be reached: the times are then null.' })
  storeReachable!: boolean;

  @Field(() => Boolean)
  paused!: boolean;

  @Field(() => Date, { nullable: true })
  nextRunAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastRunAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastFinishedAt!: Date | null;

  @Field(() => JobFailure, { nullable: true })
  lastFailure!: JobFailure | null;

  @Field(() => Boolean)
  running!: boolean;

  @Field(() => Float, { nullable: true, description: 'In [0, 1] while running.' })
  progress!: number | null;

  @Field(() => String, { nullable: true })
  progressMessage!: string | null;

  @Field(() => Boolean, { description: 'It should have run by now (JOBS_OVERDUE_AFTER_MS past its next run) and did not: no worker, or the scheduler stalled.' })
  overdue!: boolean;

  @Field(() => [JobRunType], { description: 'The last 10 attempts, newest first.' })
  recentRuns!: JobRunType[];
}
