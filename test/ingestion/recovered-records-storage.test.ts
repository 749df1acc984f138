import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStorageHarness, type StorageHarness } from './storage-harness.js';

const recoverable = (name: string) => readFileSync(new URL(`../fixtures/ingestion/recoverable/${name}`, import.meta.url));

/** What the record-level recoveries (test/ingestion/record-recovery.test.ts) leave in PostgreSQL. */
describe('storing reports whose records were recovered or dropped', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.rows('TRUNCATE dmarc_reports, dmarc_records');
  });

  it('stores the address of a source IP written with a port or zero-padded, and the warnings', async () => {
    await h.service.ingestBuffer(recoverable('source-ip-with-port.xml'), 'source-ip-with-port.xml');
    await h.service.ingestBuffer(recoverable('zero-padded-ipv4.xml'), 'zero-padded-ipv4.xml');
    const records = await h.rows(`SELECT host(source_ip) AS ip, count FROM dmarc_records ORDER BY id`);
    expect(records.map((r) => [r.ip, Number(r.count)])).toEqual([
      ['192.0.2.1', 1], ['192.0.2.10', 2], ['2001:db8::1', 3], ['192.0.2.10', 1], ['10.0.0.1', 2],
    ]);
    const reports = await h.rows<{ report_id: string; warnings: string[] }>(`SELECT report_id, warnings FROM dmarc_reports ORDER BY id`);
    expect(reports[0]!.warnings).toContain('record 2: row.source_ip "192.0.2.10:25" carries a port (25); read as the address 192.0.2.10');
    expect(reports[1]!.warnings).toContain('record 1: row.source_ip "192.000.002.010" has zero-padded octets; read as decimal 192.0.2.10');
  });

  it('stores the records that can be stored, counts only them, and keeps why the others were dropped', async () => {
    const result = await h.service.ingestBuffer(recoverable('unstorable-records.xml'), 'unstorable-records.xml');
    expect(result.reports).toMatchObject([{ status: 'ingested', records: 2, warnings: expect.arrayContaining(['record 2: row.source_ip "unknown" is not an IP address; the record was dropped']) }]);
    const [report] = await h.rows(`SELECT record_count, message_count, warnings FROM dmarc_reports`);
    expect(report).toMatchObject({ record_count: 2 });
    expect(Number(report!.message_count)).toBe(5);
    expect(report!.warnings).toHaveLength(3);
    expect(await h.counts()).toMatchObject({ reports: 1, records: 2 });
  });

  it('stores a report whose every record was dropped, with no records', async () => {
    const result = await h.service.ingestBuffer(recoverable('every-record-unstorable.xml'), 'every-record-unstorable.xml');
    expect(result.error).toBeUndefined();
    expect(result.reports).toMatchObject([{ status: 'ingested', records: 0 }]);
    expect(await h.counts()).toEqual({ reports: 1, records: 0, authResults: 0 });
  });

  it('stores mapped words as their value and unlisted words as written', async () => {
    await h.service.ingestBuffer(recoverable('unknown-keywords.xml'), 'unknown-keywords.xml');
    const [report] = await h.rows(`SELECT policy_adkim, policy_aspf, warnings FROM dmarc_reports`);
    expect(report).toMatchObject({ policy_adkim: 's', policy_aspf: 'r' });
    expect(report!.warnings).toHaveLength(5);
    const [record] = await h.rows(`SELECT reasons, auth_results FROM dmarc_records`);
    expect(record).toEqual({
      reasons: [{ type: 'other', comment: '[reported type: auto_forwarded] arc=pass' }, { type: 'mailing_list', comment: null }],
      auth_results: [
        { method: 'dkim', domain: 'example.com', selector: 's1', result: 'unknown' },
        { method: 'spf', domain: 'example.com', scope: 'mfrom', result: 'pass' },
      ],
    });
  });

  it('stores unstated outcomes as null, and counts their messages', async () => {
    await h.service.ingestBuffer(recoverable('unstated-values.xml'), 'unstated-values.xml');
    const [report] = await h.rows(`SELECT policy_p, message_count FROM dmarc_reports`);
    expect(report).toMatchObject({ policy_p: null });
    expect(Number(report!.message_count)).toBe(28);
    const records = await h.rows(`SELECT count, disposition, dkim_aligned, spf_aligned, header_from FROM dmarc_records ORDER BY id`);
    expect(records.map((r) => [Number(r.count), r.disposition, r.dkim_aligned, r.spf_aligned, r.header_from])).toEqual([
      [1, 'none', 'pass', 'pass', 'example.com'],
      [2, null, 'pass', 'pass', 'example.com'],
      [3, null, 'pass', 'pass', 'example.com'],
      [4, 'none', 'pass', 'pass', null],
      [5, 'none', null, null, 'example.com'],
      [6, 'none', 'pass', 'pass', null],
      [7, 'none', null, 'pass', 'example.com'],
    ]);
  });
});
