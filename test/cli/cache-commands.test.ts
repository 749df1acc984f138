import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics geo-purge and heatmaps-generate', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, NODE_ENV: 'test' });
  const query = (sql: string) => database.query(sql);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('geo-purge deletes the expired cache rows only', async () => {
    await query(`INSERT INTO geolocation_cache (ip, country_code, expires_at) VALUES
      ('8.8.8.8', 'US', now() - interval '1 day'), ('1.1.1.1', 'AU', now() - interval '1 hour'), ('223.5.5.5', 'CN', now() + interval '90 days')`);
    const result = await runCli(['geo-purge'], env());
    expect(result.code).toBe(0);
    // The result alone on stdout; the logs (JSON lines when piped) on stderr, none of them an error.
    expect(result.stdout).toBe('purged 2 expired geolocation cache row(s)\n');
    expect(result.stderr.split('\n').filter(Boolean).every((line) => (JSON.parse(line) as { level: number }).level < 50)).toBe(true);
    expect(await query('SELECT host(ip) AS ip FROM geolocation_cache')).toEqual([{ ip: '223.5.5.5' }]);
  });

  it('heatmaps-generate fills analytics_cache for each window and recent domain', async () => {
    const [report] = await query(`INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p)
      VALUES ('1.0', 'tester', 'r-1', now() - interval '1 day', now(), 'example.com', 'none') RETURNING id`);
    await query(`INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
      VALUES (${Number(report!.id)}, '81.2.69.142', 5, 'none', 'pass', 'fail', 'example.com', 'example.com', now() - interval '1 day')`);
    const result = await runCli(['heatmaps-generate'], env());
    expect(result.code).toBe(0);
    // The summary alone on stdout; the logs on stderr.
    expect(result.stdout).toMatch(/^generated 6 heatmap\(s\) for 1 domain\(s\) in \d+ ms\n$/);
    const rows = await query(`SELECT domain, payload->>'totalMessages' AS total FROM analytics_cache WHERE kind = 'geo-heatmap' ORDER BY key`);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.total === '5')).toBe(true);
    expect(await query(`SELECT country_code FROM geolocation_cache WHERE ip = '81.2.69.142'`)).toEqual([{ country_code: 'GB' }]);
  });
});
