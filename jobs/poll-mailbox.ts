import type { JobDefinition, JobResult } from './job-definition.js';

/**
 * One pass over the IMAP mailbox (IMAP_URL), for a worker that runs jobs rather than the long-lived
 * watcher `serve` keeps (IDLE). Does nothing when no mailbox is configured.
 */
export const pollMailbox: JobDefinition = {
  name: 'poll-mailbox',
  description: 'Reads new DMARC report e-mails from the IMAP mailbox (IMAP_URL) and moves them to the processed or refused folder',
  defaultSchedule: '*/5 * * * *',
  async run({ services, signal }): Promise<JobResult> {
    const ingester = services.mailbox.ingester;
    if (ingester === undefined || signal.aborted) return { skipped: 'IMAP_URL is not set' };
    const pass = await ingester.pollOnce();
    return { messages: pass.messages, reportsStored: pass.reportsStored, duplicates: pass.duplicates, refused: pass.refused };
  },
};
