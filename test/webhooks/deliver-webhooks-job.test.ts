import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhooks } from '../../jobs/deliver-webhooks.js';
import type { JobServices } from '../../src/app/services.js';
import type { JobContext } from '../../src/scheduler/job-definition.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { sampleAlert } from './sample-alert.js';
import { WebhookReceiver } from './webhook-receiver.js';

describe('the deliver-webhooks job', () => {
  let t: TestApp;
  let hook: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp();
    hook = await WebhookReceiver.start((_request, n) => (n === 1 ? { status: 502 } : { status: 200 }));
  });
  afterAll(async () => {
    await hook.close();
    await t.close();
  });

  it('sends the retries that are due and reports what it did', async () => {
    const { webhooks } = t.app.services;
    await webhooks.create({ url: hook.url });
    await webhooks.enqueue(sampleAlert());
    await hook.waitForRequests(1);
    await webhooks.whenIdle();
    // The first attempt failed (502); the retry is due in about 30 s. Make it due now.
    await t.app.dependencies.database.orm.em.fork().execute('update "webhook_deliveries" set "next_attempt_at" = now() - interval \'1 second\' where "status" = \'PENDING\'');

    const context: JobContext<JobServices> = {
      services: t.app.services, logger: silentLogger, slot: null, progress: async () => {}, signal: new AbortController().signal,
    };
    expect(deliverWebhooks.defaultSchedule).toBe('* * * * *');
    expect(await deliverWebhooks.run(context)).toEqual({ attempted: 1, succeeded: 1, failed: 0, retrying: 0 });
    expect(hook.requests).toHaveLength(2);
    expect(await deliverWebhooks.run(context)).toEqual({ attempted: 0, succeeded: 0, failed: 0, retrying: 0 });
  });
});
