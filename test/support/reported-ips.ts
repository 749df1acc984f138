import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement } from '../../src/database/raw-sql.js';

/**
 * Stores one minimal record per address (domain `seeded.invalid`, disposition none), so the
 * addresses count as reported: ad-hoc geolocation caches only addresses some record comes from.
 */
export async function markReported(em: EntityManager, ips: readonly string[]): Promise<void> {
  await executeStatement(
    em,
    `INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
     SELECT 0, ip::inet, 1, 'none', 'pass', 'pass', 'seeded.invalid', 'seeded.invalid', now() FROM unnest($1::text[]) AS x(ip)`,
    [ips],
  );
}
