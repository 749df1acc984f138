import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IngestedReportEvent } from '../../src/ingestion/storage/index.js';
import { fixture, manyRecordReport, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';
import { startStorageHarness, type StorageHarness } from './storage-harness.js';

describe('storing reports in PostgreSQL', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.rows('TRUNCATE dmarc_reports, dmarc_records');
  });

  it('stores a report, its records and their auth results, normalized', async () => {
    const result = await h.service.ingestBuffer(fixture('rfc7489.xml'), 'rfc7489.xml');
    expect(result.error).toBeUndefined();
    expect(result.reports).toEqual([
      {
        status: 'ingested',
        id: expect.any(Number),
        orgName: 'Example & Sons Mail',
        reportId: 'r-7489-0001',
        policyDomain: 'example.com',
        records: 3,
        messages: 16,
        submitted: { records: 3, messages: 16 },
        warnings: [],
      },
    ]);

    const [report] = await h.rows(`SELECT * FROM dmarc_reports`);
    expect(report).toMatchObject({
      schema_version: 'rfc7489', org_name: 'Example & Sons Mail', org_email: 'dmarc-reports@Example.NET',
      extra_contact_info: 'https://example.net/dmarc', report_id: 'r-7489-0001',
      errors: ['DNS timeout for _dmarc.example.com'], generator: null,
      policy_domain: 'example.com', policy_adkim: 's', policy_aspf: 'r', policy_p: 'reject', policy_sp: 'quarantine',
      policy_np: null, policy_pct: 50, policy_fo: '1:d', policy_testing: null, policy_discovery_method: null,
      record_count: 3, content_sha256: createHash('sha256').update(fixture('rfc7489.xml')).digest('hex'),
    });
    expect(new Date(report!.date_begin as string).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(new Date(report!.date_end as string).toISOString()).toBe('2023-11-15T22:13:19.000Z');
    expect(Number(report!.message_count)).toBe(16);

    const records = await h.rows(
      `SELECT report_id, host(source_ip) AS ip, count, disposition, dkim_aligned, spf_aligned, reasons, header_from,
              envelope_from, envelope_to, policy_domain, date_begin FROM dmarc_records ORDER BY id`,
    );
    expect(records.map((r) => ({ ...r, report_id: Number(r.report_id), count: Number(r.count), date_begin: new Date(r.date_begin as string).toISOString() }))).toEqual([
      {
        report_id: result.reports[0]!.id, ip: '2001:db8::1', count: 12, disposition: 'quarantine', dkim_aligned: 'fail', spf_aligned: 'pass',
        reasons: [{ type: 'forwarded', comment: 'list <relay> at lists.example.org' }, { type: 'local_policy', comment: null }],
        header_from: 'example.com', envelope_from: 'bounce.example.com', envelope_to: 'recipient.example.org',
        policy_domain: 'example.com', date_begin: '2023-11-14T22:13:20.000Z',
      },
      {
        report_id: result.reports[0]!.id, ip: '192.0.2.10', count: 3, disposition: 'none', dkim_aligned: 'pass', spf_aligned: 'fail',
        reasons: [], header_from: 'example.com', envelope_from: null, envelope_to: null,
        policy_domain: 'example.com', date_begin: '2023-11-14T22:13:20.000Z',
      },
      {
        report_id: result.reports[0]!.id, ip: '::ffff:198.51.100.7', count: 1, disposition: 'reject', dkim_aligned: 'fail', spf_aligned: 'fail',
        reasons: [], header_from: 'example.com', envelope_from: null, envelope_to: null,
        policy_domain: 'example.com', date_begin: '2023-11-14T22:13:20.000Z',
      },
    ]);

    const auth = await h.rows(`SELECT host(source_ip) AS ip, auth_results FROM dmarc_records ORDER BY id`);
    expect(auth).toEqual([
      {
        ip: '2001:db8::1',
        auth_results: [
          { method: 'dkim', domain: 'example.com', selector: 's2024', result: 'fail', human_result: 'signature did not verify' },
          { method: 'dkim', domain: 'esp.example.net', selector: 'esp1', result: 'pass' },
          { method: 'spf', domain: 'bounce.example.com', scope: 'mfrom', result: 'pass' },
          { method: 'spf', domain: 'mx.example.com', scope: 'helo', result: 'softfail' },
        ],
      },
      { ip: '192.0.2.10', auth_results: [{ method: 'dkim', domain: 'example.com', result: 'pass' }, { method: 'spf', domain: 'example.com', result: 'fail' }] },
      { ip: '::ffff:198.51.100.7', auth_results: [{ method: 'spf', domain: 'example.com', result: 'permerror' }] },
    ]);
  });

  it('stores a report whose <email> is empty without a contact address', async () => {
    const result = await h.service.ingestBuffer(fixture('recoverable/empty-email.xml'), 'empty-email.xml');
    expect(result.reports).toMatchObject([{ status: 'ingested', orgName: 'Quiet Receiver', warnings: [expect.stringContaining('report_metadata.email is missing or empty')] }]);
    expect(await h.rows(`SELECT org_name, org_email FROM dmarc_reports`)).toEqual([{ org_name: 'Quiet Receiver', org_email: null }]);
  });

  it('stores text with tabs, line breaks, backslashes and non-ASCII characters as it was', async () => {
    // Tab, CR and LF as character references: the XML parser would normalize literal line breaks.
    const asXml = (text: string) => text.replaceAll('\t', '&#9;').replaceAll('\r', '&#13;').replaceAll('\n', '&#10;');
    const headerFrom = 'we\\ird\tdomain\r\n.example-ünïcode-\\n';
    const humanResult = 'said "no"\\\tthen \\N';
    const xml = oneRecordReport({ headerFrom: asXml(headerFrom) }).replace(
      '<auth_results>',
      `<auth_results><dkim><domain>example.com</domain><result>fail</result><human_result>${asXml(humanResult)}</human_result></dkim>`,
    );
    const result = await h.service.ingestBuffer(Buffer.from(xml), 'odd.xml');
    expect(result.error).toBeUndefined();
    const [record] = await h.rows<{ header_from: string; auth_results: unknown }>(`SELECT header_from, auth_results FROM dmarc_records`);
    expect(record!.header_from).toBe(headerFrom);
    expect(record!.auth_results).toEqual([
      { method: 'dkim', domain: 'example.com', result: 'fail', human_result: humanResult },
      { method: 'spf', domain: 'example.com', result: 'pass' },
    ]);
  });

  it('keeps the SHA-256 of the XML document, also when it came compressed', async () => {
    const xml = Buffer.from(oneRecordReport());
    const result = await h.service.ingestBuffer(gzipSync(xml), 't.xml.gz');
    const [report] = await h.rows<{ id: string; content_sha256: string }>(`SELECT id, content_sha256 FROM dmarc_reports`);
    expect(Number(report!.id)).toBe(result.reports[0]!.id);
    expect(report!.content_sha256).toBe(createHash('sha256').update(xml).digest('hex'));
  });

  it('stores the same report once and says "duplicate" the second time, even from another container', async () => {
    const xml = fixture('rfc7489.xml');
    const first = await h.service.ingestBuffer(xml, 'a.xml');
    const before = await h.counts();
    const second = await h.service.ingestBuffer(gzipSync(xml), 'a.xml.gz');
    expect(second.error).toBeUndefined();
    expect(second.reports).toEqual([{ ...first.reports[0], status: 'duplicate' }]);
    expect(await h.counts()).toEqual(before);
    expect(before).toEqual({ reports: 1, records: 3, authResults: 7 });
  });

  it('settles concurrent ingestion of the same report: one stored, one duplicate', async () => {
    const xml = Buffer.from(manyRecordReport(3000));
    const results = await Promise.all([h.service.ingestBuffer(xml, 'one.xml'), h.service.ingestBuffer(xml, 'two.xml')]);
    expect(results.map((r) => r.reports[0]?.status).sort()).toEqual(['duplicate', 'ingested']);
    expect(results[0]!.reports[0]!.id).toBe(results[1]!.reports[0]!.id);
    expect(await h.counts()).toEqual({ reports: 1, records: 3000, authResults: 6000 });
  });

  it('rolls a report back entirely when it fails after some batches were written', async () => {
    // Record 4,500 is broken: with batches of 2,000, two batches are in the database by then.
    const broken = manyRecordReport(5000).replace(/(<source_ip>10\.0\.17\.147<\/source_ip><count>\d<\/count><policy_evaluated><disposition>)none/, '$1not a disposition');
    expect(broken).toContain('not a disposition');
    const result = await h.service.ingestBuffer(Buffer.from(broken), 'broken.xml');
    expect(result.reports).toEqual([]);
    expect(result.error).toMatchObject({ code: 'INVALID_REPORT', message: expect.stringContaining('record 4500') });
    expect(await h.counts()).toEqual({ reports: 0, records: 0, authResults: 0 });
  });

  it('keeps the reports of a zip read before a broken one, and reports the error', async () => {
    const good = Buffer.from(oneRecordReport());
    const bad = Buffer.from(oneRecordReport({ disposition: 'not a disposition' }).replace('t-1', 't-2'));
    const result = await h.service.ingestBuffer(zipArchive([{ name: 'good.xml', data: good }, { name: 'bad.xml', data: bad }]), 'both.zip');
    expect(result.reports.map((r) => [r.status, r.reportId])).toEqual([['ingested', 't-1']]);
    expect(result.error?.code).toBe('INVALID_REPORT');
    expect(await h.counts()).toEqual({ reports: 1, records: 1, authResults: 1 });
  });

  it('deletes the records of a deleted report, and only those', async () => {
    const kept = await h.service.ingestBuffer(Buffer.from(oneRecordReport()), 'kept.xml');
    const deleted = await h.service.ingestBuffer(Buffer.from(manyRecordReport(3).replace('t-1', 't-2')), 'deleted.xml');
    await h.rows(`DELETE FROM dmarc_reports WHERE id = ${deleted.reports[0]!.id}`);
    expect(await h.rows(`SELECT report_id FROM dmarc_records`)).toEqual([{ report_id: String(kept.reports[0]!.id) }]);
  });

  it('describes an unreadable file instead of throwing', async () => {
    const result = await h.service.ingestFile('/nonexistent/report.xml');
    expect(result).toEqual({ file: '/nonexistent/report.xml', reports: [], failureReports: [], tlsReports: [], error: { code: 'UNREADABLE_FILE', message: expect.stringContaining('ENOENT') } });
  });

  it('emits reportIngested for new reports only, with their distinct source IPs', async () => {
    const seen: IngestedReportEvent[] = [];
    const stop = h.events.on('reportIngested', 'test: seen', (event) => void seen.push(event));
    try {
      const xml = Buffer.from(manyRecordReport(3).replace(/10\.0\.0\.2/, '10.0.0.0'));
      const result = await h.service.ingestBuffer(xml, 'r.xml');
      await h.service.ingestBuffer(xml, 'r.xml');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toEqual({ reportId: result.reports[0]!.id, policyDomain: 'example.com', sourceIps: ['10.0.0.0', '10.0.0.1'] });
    } finally {
      stop();
    }
  });
});
