import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobServices } from '../../src/app/services.js';
import type { JobContext } from '../../src/scheduler/job-definition.js';
import { purgeHistoryDaily } from '../../jobs/purge-history-daily.js';
import { selectRows } from '../../src/database/raw-sql.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Rows as old as the SQL interval says, so the test needs no clock of its own. */
describe('the purge-history-daily job', () => {
  let t: TestApp;
  const sql = (text: string, params: unknown[] = []) => selectRows<Record<string, unknown>>(t.app.dependencies.database.orm.em.fork(), text, params);

  beforeAll(async () => {
    t = await startTestApp({ env: { HISTORY_RETENTION_DAYS: '30' } });
    const runs = [
      ['old-succeeded', 'SUCCEEDED', "now() - interval '40 days'"],
      ['old-failed', 'FAILED', "now() - interval '40 days'"],
      ['recent', 'SUCCEEDED', "now() - interval '2 days'"],
      ['still-running', 'RUNNING', 'null'],
    ];
    for (const [job, outcome, finished] of runs) {
      await sql(`insert into "job_runs" ("job_name", "outcome", "worker", "started_at", "heartbeat_at", "finished_at")
                 values ($1, $2, 'test:1', now() - interval '41 days', now() - interval '41 days', ${finished})`, [job, outcome]);
    }

    const { webhook } = await t.app.services.webhooks.create({ url: 'http://127.0.0.1:9/hook' });
    const deliveries = [
      ['old-sent', 'SUCCEEDED', "now() - interval '40 days'"],
      ['old-given-up', 'FAILED', "now() - interval '40 days'"],
      ['recent-sent', 'SUCCEEDED', "now() - interval '1 day'"],
      ['old-pending', 'PENDING', 'null'],
    ];
    for (const [alertId, status, completed] of deliveries) {
      await sql(`insert into "webhook_deliveries" ("id", "webhook_id", "event_type", "alert_id", "body", "status", "max_attempts", "created_at", "completed_at")
                 values (gen_random_uuid(), $1, 'alert.raised', $2, '{}', $3, 8, now() - interval '45 days', ${completed})`, [webhook.id, alertId, status]);
    }

    const [admin] = await sql(`select "id" from "users" where "email" = 'admin@example.com'`);
    const throttles = [
      // Failed long ago, never locked: forgotten.
      ['192.0.2.1', "now() - interval '3 days'", 'null'],
      // A lock that ended two days ago: past the backoff memory, forgotten.
      ['192.0.2.2', "now() - interval '3 days'", "now() - interval '2 days'"],
      // A lock that ended an hour ago: the next lock from there still doubles, so it stays.
      ['192.0.2.3', "now() - interval '3 days'", "now() - interval '1 hour'"],
      // A failure a minute ago: it counts towards the window, so it stays.
      ['192.0.2.4', "now() - interval '1 minute'", 'null'],
    ];
    for (const [ip, updated, lockedUntil] of throttles) {
      await sql(`insert into "login_throttles" ("user_id", "client_ip", "failed_attempts", "lock_count", "updated_at", "locked_until")
                 values ($1, $2, 2, 1, ${updated}, ${lockedUntil})`, [admin!.id, ip]);
    }
  });
  afterAll(() => t.close());

  it('deletes old finished runs, ended deliveries and stale login records, and keeps the rest', async () => {
    const context: JobContext<JobServices> = {
      services: t.app.services, logger: silentLogger, slot: null, progress: async () => {}, signal: new AbortController().signal,
    };
    expect(await purgeHistoryDaily.run(context)).toEqual({ jobRuns: 2, webhookDeliveries: 2, loginThrottles: 2 });

    const runs = await sql(`select "job_name" from "job_runs" order by "job_name"`);
    expect(runs.map((r) => r.job_name)).toEqual(['recent', 'still-running']);
    const deliveries = await sql(`select "alert_id" from "webhook_deliveries" order by "alert_id"`);
    expect(deliveries.map((r) => r.alert_id)).toEqual(['old-pending', 'recent-sent']);
    const throttles = await sql(`select "client_ip" from "login_throttles" order by "client_ip"`);
    expect(throttles.map((r) => r.client_ip)).toEqual(['192.0.2.3', '192.0.2.4']);

    // A second run finds nothing left to do.
    expect(await purgeHistoryDaily.run(context)).toEqual({ jobRuns: 0, webhookDeliveries: 0, loginThrottles: 0 });
  });
});
