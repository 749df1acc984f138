import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';

/** A database stored before auth results moved into dmarc_records keeps them through the migration, and back. */
describe('migration AuthResultsOnRecords', () => {
  let t: TestOrm;
  const rows = <T = Record<string, unknown>>(sql: string) => t.rows<T>(sql);
  beforeAll(async () => {
    t = await openTestOrm();
  });
  afterAll(() => t.close());

  it('moves each record\'s auth results into its auth_results column, DKIM first, and back', async () => {
    await t.orm.migrator.down({ to: 'Migration20261123195859_Initial' });
    await rows(`INSERT INTO dmarc_reports (id, schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p)
                VALUES (1, 'rfc7489', 'org', 'r-1', '2026-01-01', '2026-01-02', 'example.com', 'none')`);
    await rows(`INSERT INTO dmarc_records (id, report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
                VALUES (1, 1, '192.0.2.1', 3, 'none', 'pass', 'fail', 'example.com', 'example.com', '2026-01-01'),
                       (2, 1, '192.0.2.2', 1, 'none', 'fail', 'fail', 'example.com', 'example.com', '2026-01-01')`);
    await rows(`INSERT INTO dmarc_auth_results (record_id, method, domain, selector, scope, result, human_result) VALUES
                (1, 'spf', 'example.com', NULL, 'mfrom', 'fail', NULL),
                (1, 'dkim', 'example.com', 's1', NULL, 'pass', 'good'),
                (1, 'dkim', '', NULL, NULL, 'none', NULL)`);

    await t.orm.migrator.up();
    expect(await rows(`SELECT id, auth_results FROM dmarc_records ORDER BY id`)).toEqual([
      {
        id: '1',
        auth_results: [
          { method: 'dkim', domain: 'example.com', selector: 's1', result: 'pass', human_result: 'good' },
          { method: 'dkim', result: 'none' },
          { method: 'spf', domain: 'example.com', scope: 'mfrom', result: 'fail' },
        ],
      },
      { id: '2', auth_results: [] },
    ]);

    await t.orm.migrator.down({ to: 'Migration20261123195859_Initial' });
    expect(await rows(`SELECT record_id, method, domain, selector, scope, result, human_result FROM dmarc_auth_results ORDER BY id`)).toEqual([
      { record_id: '1', method: 'dkim', domain: 'example.com', selector: 's1', scope: null, result: 'pass', human_result: 'good' },
      { record_id: '1', method: 'dkim', domain: '', selector: null, scope: null, result: 'none', human_result: null },
      { record_id: '1', method: 'spf', domain: 'example.com', selector: null, scope: 'mfrom', result: 'fail', human_result: null },
    ]);
    await t.orm.migrator.up();
  });
});
