import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, testMongoUrl, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics jobs', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, MONGODB_URL: testMongoUrl(), NODE_ENV: 'test', STARTUP_TIMEOUT_MS: '5000' });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('runs one job now, in the process, with progress on stderr and its result on stdout', async () => {
    const result = await runCli(['jobs', 'run', 'generate-analytics-cache-daily'], env(), 60_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^generate-analytics-cache-daily: succeeded \(run [0-9a-f-]{36}\) \{"heatmaps":3,"domains":0\}\n$/);
    expect(result.stderr).toMatch(/generate-analytics-cache-daily: 5% computing heatmaps/);
  });

  it('lists the jobs with their schedule, job store and last outcome (--json too)', async () => {
    const text = await runCli(['jobs'], env(), 60_000);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^job store: mongodb\n/);
    expect(text.stdout).toMatch(/train-anomaly-model-weekly {2}\[idle\]\n.*\n {2}schedule: 0 2 \* \* 0 \(UTC\); next run 20\d\d-/);
    expect(text.stdout).toMatch(/generate-analytics-cache-daily[\s\S]*last outcome: succeeded at /);

    const json = await runCli(['jobs', '--json'], env(), 60_000);
    const jobs = JSON.parse(json.stdout) as { name: string; backend: string; recentRuns: { outcome: string; slot: string | null }[] }[];
    expect(jobs.map((j) => j.name)).toContain('detect-anomalies-daily');
    expect(jobs.find((j) => j.name === 'generate-analytics-cache-daily')!.recentRuns).toEqual([expect.objectContaining({ outcome: 'SUCCEEDED', slot: null })]);
  });

  it('refuses an unknown job with exit 64', async () => {
    const result = await runCli(['jobs', 'run', 'no-such-job'], env(), 60_000);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/unknown job "no-such-job"; jobs: train-anomaly-model-weekly, /);
  });
});
