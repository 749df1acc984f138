import type { Job } from '../src/app/services.js';
import type { JobResult } from '../src/scheduler/job-definition.js';

/**
 * One pass over the IMAP mailbox (IMAP_URL), for a worker. `serve` running jobs watches the mailbox
 * itself (IDLE), so in that process the job leaves it alone: two readers would race to move the
 * same message. Does nothing when no mailbox is configured.
 */
export const pollMailbox: Job = {
  name: 'poll-mailbox',
  description: 'Reads new DMARC report e-mails from the IMAP mailbox (IMAP_URL) and moves them to the processed or refused folder',
  defaultSchedule: '*/5 * * * *',
  async run({ services, signal }): Promise<JobResult> {
    const ingester = services.mailbox.ingester;
    if (ingester === undefined || signal.aborted) return { skipped: 'IMAP_URL is not set' };
    if (services.mailbox.watched) return { skipped: 'this process watches the mailbox (IDLE)' };
    const pass = await ingester.pollOnce();
    return { messages: pass.messages, reportsStored: pass.reportsStored, duplicates: pass.duplicates, refused: pass.refused };
  },
};
