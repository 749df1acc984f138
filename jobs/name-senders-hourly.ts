import type { Job } from '../src/app/services.js';

/** Days of traffic whose addresses the job keeps named: the Senders page's longest common window. */
const DAYS = 30;

/**
 * Every hour: names the addresses of the last 30 days that have no fresh name (new ones ingestion
 * could not name, such as those `dmarc-analytics ingest` stored before it exited, and expired
 * ones), and deletes names that expired longer ago.
 */
export const nameSendersHourly: Job = {
  name: 'name-senders-hourly',
  description: 'names (reverse DNS, service map, ASN) the senders of the last 30 days whose names are missing or expired',
  defaultSchedule: '23 * * * *',
  async run({ services }) {
    const outcome = await services.senders.naming.nameDue(DAYS);
    return {
      addresses: outcome.addresses,
      confirmed: outcome.reverseDns.CONFIRMED,
      failed: outcome.reverseDns.FAILED,
      named: outcome.named,
      purged: outcome.purged,
    };
  },
};
