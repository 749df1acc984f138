import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainEvents } from '../../src/events/domain-events.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { QuarantineStore } from '../../src/quarantine/quarantine-store.js';
import { unpackToBuffer } from '../../src/received-files/packed-file.js';
import { arfReport, failureFixture, tlsFixture } from '../fixtures/report-kinds.js';
import { silentLogger } from '../support/silent-logger.js';
import { startStorageHarness, type StorageHarness } from '../ingestion/storage-harness.js';

interface StoredRow {
  original_rcpt_to: string[];
  sample_from: string | null;
  sample_body: string | null;
  urls: string[];
  sample_headers: { name: string; value: string }[];
  raw_file_id: string | null;
}

describe('failure and TLS report storage: privacy settings, raw retention, exactly once', () => {
  let h: StorageHarness;
  const stored = () => h.rows<StoredRow>('SELECT original_rcpt_to, sample_from, sample_body, urls, sample_headers, raw_file_id FROM failure_reports ORDER BY id');
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.rows('TRUNCATE failure_reports, tls_reports, raw_report_files, refused_reports CASCADE'));

  it('keeps the header only with local parts redacted by default: no body, no query strings, in no column', async () => {
    await h.service.ingestBuffer(failureFixture('arf-full-sample.eml'), 'ruf.eml');
    const [row] = await stored();
    expect(row).toMatchObject({ original_rcpt_to: ['<[redacted]@customer.example>', '<[redacted]@customer.example>'], sample_from: 'Example Corp Accounts <[redacted]@example.com>', sample_body: null });
    const [all] = await h.rows<{ text: string }>('SELECT row_to_json(f)::text AS text FROM failure_reports f');
    for (const secret of ['alice.smith@', 'bob@', 'ceo@', 'Dear Alice', 'id=1187']) expect(all!.text).not.toContain(secret);
  });

  it('keeps the body and hashes local parts when told to (FAILURE_SAMPLE_CONTENT, FAILURE_LOCAL_PARTS)', async () => {
    const hashing = new ReportIngestionService(h.orm.em, silentLogger, {
      failurePrivacy: { content: 'headers-and-body', localParts: 'hash', hashKey: 'an-installation-key-of-32-chars-00' },
    });
    await hashing.ingestBuffer(failureFixture('arf-full-sample.eml'), 'ruf.eml');
    const [row] = await stored();
    expect(row!.sample_body).toContain('Dear Alice,');
    expect(row!.urls[0]).toMatch(/^https:\/\/pay\.lookalike\.example\/invoice\?id=1187&to=h-[0-9a-f]{16}%40customer\.example$/);
    // The same recipient hashes the same wherever it appears: reports can be correlated, not read.
    const recipient = /h-[0-9a-f]{16}/.exec(row!.urls[0]!)![0];
    expect(row!.original_rcpt_to[0]).toBe(`<${recipient}@customer.example>`);
    const keeping = new ReportIngestionService(h.orm.em, silentLogger, { failurePrivacy: { content: 'headers', localParts: 'keep' } });
    await keeping.ingestBuffer(arfReport(), 'other.eml');
    expect((await stored())[1]!.sample_from).toBe('Accounts <ceo@example.com>');
  });

  it('keeps the received e-mail with RAW_REPORT_RETENTION (unredacted, for reparse; the API never serves it)', async () => {
    const keeping = new ReportIngestionService(h.orm.em, silentLogger, { rawRetention: { maxBytes: 1024 * 1024 } });
    const email = failureFixture('arf-full-sample.eml');
    await keeping.ingestBuffer(email, 'ruf.eml');
    await keeping.ingestBuffer(tlsFixture('rfc-spelling.json'), 'tls.json');
    const files = await h.rows<{ id: string; filename: string; compression: string; content: Buffer }>('SELECT id, filename, compression, content FROM raw_report_files ORDER BY id');
    expect(files.map((f) => f.filename)).toEqual(['ruf.eml', 'tls.json']);
    expect(await unpackToBuffer(files[0]!.compression, files[0]!.content)).toEqual(email);
    expect((await stored())[0]!.raw_file_id).toBe(files[0]!.id);
    expect((await h.rows<{ raw_file_id: string }>('SELECT raw_file_id FROM tls_reports'))[0]!.raw_file_id).toBe(files[1]!.id);
  });

  it('stores each report once: the same report from two e-mails, and a TLS report sent twice', async () => {
    const first = await h.service.ingestBuffer(arfReport({ envelopeId: 'a' }), 'a.eml');
    const second = await h.service.ingestBuffer(Buffer.from(arfReport({ envelopeId: 'b' }).toString('utf8').replaceAll('\r\n', '\n')), 'b.eml');
    expect([first.failureReports[0]!.status, second.failureReports[0]!.status]).toEqual(['ingested', 'duplicate']);
    expect(second.failureReports[0]!.id).toBe(first.failureReports[0]!.id);
    const tls = [await h.service.ingestBuffer(tlsFixture('rfc-spelling.json'), 'a.json'), await h.service.ingestBuffer(tlsFixture('rfc-spelling.json'), 'b.json')];
    expect(tls.map((r) => r.tlsReports[0]!.status)).toEqual(['ingested', 'duplicate']);
    const [counts] = await h.rows<{ failures: string; tls: string; policies: string; details: string }>(
      `SELECT (SELECT count(*) FROM failure_reports) AS failures, (SELECT count(*) FROM tls_reports) AS tls,
              (SELECT count(*) FROM tls_report_policies) AS policies, (SELECT count(*) FROM tls_failure_details) AS details`,
    );
    expect(counts).toEqual({ failures: '1', tls: '1', policies: '1', details: '2' });
  });

  it('stores concurrent copies of one report once', async () => {
    const results = await Promise.all(['x', 'y', 'z', 'w'].map((envelope) => h.service.ingestBuffer(arfReport({ envelopeId: envelope }), `${envelope}.eml`)));
    expect(results.map((r) => r.failureReports[0]!.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'ingested']);
    expect(await h.rows('SELECT id FROM failure_reports')).toHaveLength(1);
  });

  it('quarantines what it cannot read, with the code, and stores nothing of it', async () => {
    const quarantine = new QuarantineStore(h.orm.em, silentLogger, 1024 * 1024);
    const service = new ReportIngestionService(h.orm.em, silentLogger, { quarantine });
    const refused = [await service.ingestBuffer(failureFixture('no-domain.eml'), 'no-domain.eml'), await service.ingestBuffer(tlsFixture('truncated.json'), 'truncated.json')];
    expect(refused.map((r) => [r.error?.code, r.refusedReportId !== undefined])).toEqual([['INVALID_REPORT', true], ['MALFORMED_JSON', true]]);
    expect(await h.rows('SELECT source_name, code FROM refused_reports ORDER BY id')).toEqual([
      { source_name: 'no-domain.eml', code: 'INVALID_REPORT' },
      { source_name: 'truncated.json', code: 'MALFORMED_JSON' },
    ]);
    expect(await h.rows('SELECT id FROM failure_reports UNION ALL SELECT id FROM tls_reports')).toEqual([]);
  });

  it('emits failureReportIngested and tlsReportIngested once per new report', async () => {
    const events = new DomainEvents(silentLogger);
    const service = new ReportIngestionService(h.orm.em, silentLogger, { events });
    const seen: string[] = [];
    events.on('failureReportIngested', 'test', (event) => void seen.push(`failure ${event.reportedDomain} ${event.sourceIp}`));
    events.on('tlsReportIngested', 'test', (event) => void seen.push(`tls ${event.policyDomains.join(',')}`));
    await service.ingestBuffer(arfReport(), 'a.eml');
    await service.ingestBuffer(arfReport(), 'a.eml');
    await service.ingestBuffer(tlsFixture('schema-spelling.json.gz'), 't.json.gz');
    expect(seen).toEqual(['failure example.com 203.0.113.77', 'tls example.com,example.net']);
  });
});
