import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('dmarc-analytics ingest: failure and TLS reports', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, NODE_ENV: 'test' });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stores every failure and TLS report of the fixture folders, lists the refused ones and exits 1 (--json)', async () => {
    const result = await runCli(['ingest', '--json', join(fixtures, 'failure-reports'), join(fixtures, 'tls-reports')], env());
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { ingested: number; rejected: { file: string; code: string }[]; failureReports: { status: string; reportedDomain: string }[]; tlsReports: { reportId: string; policies: number }[] };
    expect(summary.ingested).toBe(9);
    expect(summary.rejected.map((r) => [r.file.replace(fixtures, ''), r.code])).toEqual([
      ['failure-reports/no-domain.eml', 'INVALID_REPORT'],
      ['tls-reports/missing-report-id.json', 'INVALID_REPORT'],
      ['tls-reports/truncated.json', 'MALFORMED_JSON'],
    ]);
    expect(summary.failureReports.map((r) => r.reportedDomain)).toEqual(['example.com', 'example.com', 'example.com', 'example.org', 'example.com']);
    expect(summary.tlsReports.map((r) => [r.reportId, r.policies])).toEqual([
      ['2026-12-01T00:00:00Z_example.com', 1],
      ['other-2026-12-02-example.com', 2],
      ['2026-12-05T00:00:00Z_example.com@provider.example', 1],
      ['2026-12-05T00:00:00Z_example.com@provider.example-json', 1],
    ]);
    const [counts] = await database.query<{ failures: string; tls: string; refused: string }>(
      'SELECT (SELECT count(*) FROM failure_reports) AS failures, (SELECT count(*) FROM tls_reports) AS tls, (SELECT count(*) FROM refused_reports) AS refused',
    );
    expect(counts).toEqual({ failures: '5', tls: '4', refused: '3' });
  });

  it('says what was already stored in the human summary, kind by kind', async () => {
    const result = await runCli(['ingest', join(fixtures, 'failure-reports', 'arf-full-sample.eml'), join(fixtures, 'tls-reports', 'rfc-spelling.json')], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('failure reports:  0 new, 1 already stored');
    expect(result.stdout).toContain('TLS reports:      0 new, 1 already stored');
    expect(result.stdout).toContain('duplicates:       2');
  });
});
