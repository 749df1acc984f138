import { CronExpressionParser } from 'cron-parser';
import type { JobDefinition } from './job-definition.js';
import type { Config } from '../config/config.js';

/** When a job runs: a cron in a time zone, or null (on demand only). */
export interface JobSchedule {
  readonly cron: string | null;
  readonly timeZone: string;
}

/** The job's default schedule with its JOB_<NAME>_CRON / JOB_<NAME>_TIMEZONE settings applied. */
export function resolveSchedule(definition: Pick<JobDefinition<unknown>, 'name' | 'defaultSchedule'>, config: Pick<Config, 'jobs'>): JobSchedule {
  const setting = config.jobs.schedules[definition.name];
  return {
    cron: setting?.cron === undefined ? definition.defaultSchedule : setting.cron,
    timeZone: setting?.timeZone ?? config.jobs.timeZone,
  };
}

/**
 * The slot a run at `at` belongs to: the latest cron time at or before it. A run delayed by an
 * outage or a retry still belongs to the slot it was due for, so it writes under the same key.
 */
export function slotAt(schedule: JobSchedule, at: Date): Date | null {
  if (schedule.cron === null) return null;
  // cron-parser's prev() is strictly before currentDate: start one millisecond later.
  const expression = CronExpressionParser.parse(schedule.cron, { currentDate: new Date(at.getTime() + 1), tz: schedule.timeZone });
  return expression.prev().toDate();
}
