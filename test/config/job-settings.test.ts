import { describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/index.js';
import { jobNames } from '../../src/config/job-names.js';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/app-error.js';
import { resolveSchedule, slotAt } from '../../src/scheduler/job-schedule.js';
import { problemsOf } from '../support/config-problems.js';

const train = jobDefinitions.find((d) => d.name === 'train-anomaly-model-weekly')!;

describe('job schedule settings', () => {
  it('uses each job\'s default cron in JOBS_TIMEZONE, and JOB_<NAME>_CRON / _TIMEZONE over it', () => {
    expect(resolveSchedule(train, loadConfig({}))).toEqual({ cron: '0 2 * * 0', timeZone: 'UTC' });
    expect(resolveSchedule(train, loadConfig({ JOBS_TIMEZONE: 'Europe/Berlin' }))).toEqual({ cron: '0 2 * * 0', timeZone: 'Europe/Berlin' });
    const config = loadConfig({ JOB_TRAIN_ANOMALY_MODEL_WEEKLY_CRON: '30 5 * * 6', JOB_TRAIN_ANOMALY_MODEL_WEEKLY_TIMEZONE: 'America/New_York' });
    expect(resolveSchedule(train, config)).toEqual({ cron: '30 5 * * 6', timeZone: 'America/New_York' });
    expect(resolveSchedule(train, loadConfig({ JOB_TRAIN_ANOMALY_MODEL_WEEKLY_CRON: 'off' })).cron).toBeNull();
  });

  it('names each bad cron and time zone', () => {
    const problems = problemsOf({ JOB_DETECT_ANOMALIES_DAILY_CRON: '61 3 * * *', JOB_DETECT_ANOMALIES_DAILY_TIMEZONE: 'Mars/Olympus', JOB_PURGE_GEOLOCATION_CACHE_WEEKLY_CRON: 'weekly' });
    expect(problems).toEqual([
      expect.stringMatching(/^JOB_DETECT_ANOMALIES_DAILY_CRON: invalid cron expression/),
      expect.stringMatching(/^JOB_DETECT_ANOMALIES_DAILY_TIMEZONE: must be an IANA time zone/),
      expect.stringMatching(/^JOB_PURGE_GEOLOCATION_CACHE_WEEKLY_CRON: must be a cron expression of 5 fields/),
    ]);
    expect(problemsOf({ JOBS_TIMEZONE: 'Nowhere' })).toEqual([expect.stringMatching(/^JOBS_TIMEZONE: must be an IANA time zone/)]);
  });

  it('refuses settings for a job that does not exist (a typo would keep the default silently), naming the jobs', () => {
    expect(problemsOf({ JOB_TRAIN_ANOMALY_MODEL_CRON: '0 2 * * 0', JOB_DETECT_ANOMALIES_TIMEZONE: 'UTC' })).toEqual([
      `JOB_TRAIN_ANOMALY_MODEL_CRON: there is no job "train-anomaly-model" (jobs: ${jobNames.join(', ')})`,
      `JOB_DETECT_ANOMALIES_TIMEZONE: there is no job "detect-anomalies" (jobs: ${jobNames.join(', ')})`,
    ]);
    expect(() => loadConfig({ JOB_DETECT_ANOMALIES_CRON: 'off' })).toThrow(ConfigError);
  });

  it('has one definition for each job name, under that name', () => {
    expect(jobDefinitions.map((d) => d.name)).toEqual([...jobNames]);
  });

  it('gives a run the slot it was due for, in the schedule\'s time zone', () => {
    const schedule = { cron: '0 2 * * 0', timeZone: 'Europe/Berlin' };
    // Sunday 2026-11-29 02:00 in Berlin is 01:00 UTC; a run started late (03:17 UTC) still belongs to it.
    expect(slotAt(schedule, new Date('2026-11-29T03:17:00Z'))!.toISOString()).toBe('2026-11-29T01:00:00.000Z');
    expect(slotAt(schedule, new Date('2026-11-29T01:00:00Z'))!.toISOString()).toBe('2026-11-29T01:00:00.000Z');
    expect(slotAt({ cron: null, timeZone: 'UTC' }, new Date())).toBeNull();
  });
});
