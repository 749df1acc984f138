import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const recoverable = (name: string) => readFileSync(new URL(`../fixtures/ingestion/recoverable/${name}`, import.meta.url));

/** What a user reads through GraphQL of a report whose reporter left values out or wrote unlisted words. */
describe('recovered records in GraphQL', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const service = new ReportIngestionService(t.app.dependencies.database.orm.em, silentLogger);
    for (const name of ['unstated-values.xml', 'unknown-keywords.xml']) {
      const result = await service.ingestBuffer(recoverable(name), name);
      ids[name] = String(result.reports[0]!.id);
    }
  });
  afterAll(() => t.close());

  const report = async (id: string) => {
    const result = await t.graphql<{ report: { policy: { p: string | null; adkim: string | null }; warnings: string[]; records: Record<string, unknown>[] } }>(
      `query($id: ID!) { report(id: $id) { policy { p adkim } warnings
        records { count disposition dkimAligned spfAligned headerFrom reasons { type comment } authResults { result } } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.report;
  };

  it('answers null for what the reporter did not state, and says so in the warnings', async () => {
    const read = await report(ids['unstated-values.xml']!);
    expect(read.policy.p).toBeNull();
    expect(read.records.slice(0, 5).map((r) => [r.count, r.disposition, r.dkimAligned, r.spfAligned, r.headerFrom])).toEqual([
      [1, 'none', 'pass', 'pass', 'example.com'],
      [2, null, 'pass', 'pass', 'example.com'],
      [3, null, 'pass', 'pass', 'example.com'],
      [4, 'none', 'pass', 'pass', null],
      [5, 'none', null, null, 'example.com'],
    ]);
    expect(read.warnings).toContain('record 2: row.policy_evaluated.disposition is missing or empty; stored as not stated (null)');
  });

  it('answers an unlisted result as written and an unlisted reason type as other, with the word', async () => {
    const read = await report(ids['unknown-keywords.xml']!);
    expect(read.policy.adkim).toBe('s');
    expect(read.records[0]).toMatchObject({
      reasons: [{ type: 'other', comment: '[reported type: auto_forwarded] arc=pass' }, { type: 'mailing_list', comment: null }],
      authResults: [{ result: 'unknown' }, { result: 'pass' }],
    });
  });
});
