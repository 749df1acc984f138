import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import * as ingestionErrors from '../../src/ingestion/errors.js';
import { RefusedReportError } from '../../src/ingestion/refused-report-error.js';
import { emailMessage, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A one-record report with its own report id and source IP (so each upload is a new report). */
const report = (id: string, sourceIp = '192.0.2.1') => oneRecordReport({ sourceIp }).replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`);

const UPLOAD_LIMIT = 64 * 1024;

describe('POST /reports', () => {
  let t: TestApp;
  let ingestKey: string;

  const upload = async (body: Uint8Array | string, contentType: string | null, headers: Record<string, string> = { 'x-api-key': ingestKey }, query = '') => {
    const response = await fetch(`${t.app.url}/reports${query}`, {
      method: 'POST',
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as { reports?: Record<string, unknown>[]; error?: { code: string; message: string; requestId: string } } };
  };
  const sql = async <T>(query: string, params: unknown[] = []) => t.app.dependencies.database.orm.em.fork().getConnection().execute<T[]>(query, params);
  const storedReports = async (reportId: string) =>
    (await sql<{ n: string }>('SELECT count(*) AS n FROM dmarc_reports WHERE report_id = ?', [reportId]))[0]!.n;

  beforeAll(async () => {
    t = await startTestApp({ env: { REPORT_UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT) } });
    ingestKey = await t.apiKey(Role.INGEST);
  });
  afterAll(() => t.close());

  it('stores an XML report (201) with its records', async () => {
    const response = await upload(report('xml-1'), 'application/xml');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      reports: [{ id: expect.any(Number), status: 'ingested', orgName: 'Tester', reportId: 'xml-1', policyDomain: 'example.com', records: 1, messages: 1, warnings: [] }],
      failureReports: [],
      tlsReports: [],
    });
    const rows = await sql<{ source_ip: string; count: string }>(
      'SELECT host(r.source_ip) AS source_ip, r.count FROM dmarc_records r JOIN dmarc_reports p ON p.id = r.report_id WHERE p.report_id = ?',
      ['xml-1'],
    );
    expect(rows).toEqual([{ source_ip: '192.0.2.1', count: '1' }]);
  });

  it('stores gzip (text/xml and ?filename), zip (Content-Disposition) and e-mail uploads', async () => {
    const gz = await upload(gzipSync(report('gz-1')), 'application/gzip', undefined, '?filename=report.xml.gz');
    expect(gz.status).toBe(201);
    expect(gz.body.reports).toMatchObject([{ status: 'ingested', reportId: 'gz-1', records: 1 }]);

    const zip = await upload(zipArchive([{ name: 'zip-1.xml', data: Buffer.from(report('zip-1')) }]), 'application/zip', {
      'x-api-key': ingestKey,
      'content-disposition': 'attachment; filename="zip-1.zip"',
    });
    expect(zip.status).toBe(201);
    expect(zip.body.reports).toMatchObject([{ status: 'ingested', reportId: 'zip-1' }]);

    const mail = emailMessage([{ filename: 'eml-1.xml.gz', contentType: 'application/gzip', data: gzipSync(report('eml-1')), encoding: 'base64' }]);
    const eml = await upload(mail, 'message/rfc822');
    expect(eml.status).toBe(201);
    expect(eml.body.reports).toMatchObject([{ status: 'ingested', reportId: 'eml-1' }]);

    const xml = await upload(report('text-xml-1'), 'text/xml; charset=utf-8');
    expect(xml.status).toBe(201);
    for (const id of ['gz-1', 'zip-1', 'eml-1', 'text-xml-1']) expect(await storedReports(id)).toBe('1');
  });

  it('answers 200 with status "duplicate" for a report stored already, and stores it once', async () => {
    const first = await upload(report('dup-1'), 'application/octet-stream');
    expect(first.status).toBe(201);
    const again = await upload(gzipSync(report('dup-1')), 'application/x-gzip');
    expect(again.status).toBe(200);
    // Sent with an INGEST key: no id of the stored copy (test/security/ingest-duplicates.test.ts).
    const { id: _storedId, ...figures } = first.body.reports![0]!;
    expect(again.body.reports).toEqual([{ ...figures, status: 'duplicate' }]);
    expect(await storedReports('dup-1')).toBe('1');
  });

  it('refuses an invalid report with its ingestion code and stores nothing', async () => {
    const response = await upload(oneRecordReport({ disposition: 'not a disposition' }).replace('t-1', 'bad-1'), 'application/xml');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ error: { code: 'INVALID_REPORT', message: expect.stringContaining('record 1'), requestId: expect.any(String) } });
    expect(await storedReports('bad-1')).toBe('0');

    const notAReport = await upload('hello', 'application/octet-stream');
    expect(notAReport.status).toBe(422);
    expect(notAReport.body.error!.code).toBe('UNSUPPORTED_FORMAT');
  });

  it('refuses a compression bomb with 413 COMPRESSION_BOMB', async () => {
    // XML to the format sniffer, then whitespace the parser would skip forever.
    const bomb = gzipSync(Buffer.concat([Buffer.from('<?xml version="1.0"?><feedback>'), Buffer.alloc(16 * 1024 * 1024, ' ')]), { level: 9 });
    expect(bomb.length).toBeLessThan(UPLOAD_LIMIT);
    const response = await upload(bomb, 'application/gzip');
    expect(response.status).toBe(413);
    expect(response.body.error!.code).toBe('COMPRESSION_BOMB');
  });

  it('refuses a body over REPORT_UPLOAD_LIMIT_BYTES with 413', async () => {
    const response = await upload(Buffer.alloc(UPLOAD_LIMIT + 1, ' '), 'application/xml');
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', requestId: expect.any(String) });
  });

  it('refuses other content types with 415', async () => {
    for (const contentType of ['text/html', 'text/plain', 'multipart/form-data; boundary=x']) {
      const response = await upload(report('ct-1'), contentType);
      expect(response.status, contentType).toBe(415);
      expect(response.body.error!.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const none = await upload(report('ct-1'), null);
    expect(none.status).toBe(415);
    expect(await storedReports('ct-1')).toBe('0');
  });

  it('needs an INGEST or ADMIN credential: 401 without a valid one, 403 for other roles', async () => {
    const anonymous = await upload(report('auth-1'), 'application/xml', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error!.code).toBe('UNAUTHENTICATED');
    const wrongKey = await upload(report('auth-1'), 'application/xml', { 'x-api-key': 'dmarc_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' });
    expect(wrongKey.status).toBe(401);

    const viewerKey = await t.apiKey(Role.VIEWER);
    const viewer = await upload(report('auth-1'), 'application/xml', { 'x-api-key': viewerKey });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error!.code).toBe('FORBIDDEN');
    const analyst = await upload(report('auth-1'), 'application/xml', { authorization: `Bearer ${await t.userToken(Role.ANALYST)}` });
    expect(analyst.status).toBe(403);
    expect(await storedReports('auth-1')).toBe('0');

    const asBearerKey = await upload(report('auth-1'), 'application/xml', { authorization: `Bearer ${ingestKey}` });
    expect(asBearerKey.status).toBe(201);
    const admin = await upload(report('auth-2'), 'application/xml', { authorization: `Bearer ${t.adminToken}` });
    expect(admin.status).toBe(201);
  });

  it('geolocates the new source IPs and drops the cached heatmaps of the domain', async () => {
    await t.app.services.heatmaps.heatmap({ days: 30, domain: 'hooked.example' });
    await t.app.services.heatmaps.heatmap({ days: 30, domain: 'other.example' });
    const cachedDomains = async () =>
      (await sql<{ domain: string }>("SELECT domain FROM analytics_cache WHERE domain IN ('hooked.example', 'other.example') ORDER BY domain")).map((r) => r.domain);
    expect(await cachedDomains()).toEqual(['hooked.example', 'other.example']);

    const xml = report('hook-1', '8.8.8.8').replace('<domain>example.com</domain><p>', '<domain>hooked.example</domain><p>');
    const response = await upload(xml, 'application/xml');
    expect(response.status).toBe(201);
    // The reportIngested reactions run before the response is sent.
    const geo = await sql<{ ip: string; country_code: string | null }>("SELECT host(ip) AS ip, country_code FROM geolocation_cache WHERE ip = '8.8.8.8'");
    expect(geo).toEqual([{ ip: '8.8.8.8', country_code: 'US' }]);
    expect(await cachedDomains()).toEqual(['other.example']);
  });

  it('answers a refused report with the HTTP status and exit code of its error class', () => {
    const samples: ingestionErrors.IngestionError[] = [
      new ingestionErrors.InvalidReportError('x'),
      new ingestionErrors.EmptyReportError('x'),
      new ingestionErrors.MalformedXmlError('x'),
      new ingestionErrors.UnsafeXmlError('x'),
      new ingestionErrors.InvalidEncodingError('x'),
      new ingestionErrors.UnsupportedFormatError('x'),
      new ingestionErrors.CorruptArchiveError('x'),
      new ingestionErrors.ReportTooLargeError('maxRecords', 1, 'x'),
      new ingestionErrors.CompressionBombError('x'),
      new ingestionErrors.TooManyEntriesError('x'),
      new ingestionErrors.NestingTooDeepError('x'),
      new ingestionErrors.XmlTooDeepError('x'),
      new ingestionErrors.FieldTooLongError('org_name', 1024),
      new ingestionErrors.TooManyDocumentsError(1000),
      new ingestionErrors.MalformedJsonError('x'),
      new ingestionErrors.JsonTooDeepError('x'),
    ];
    const exported = Object.values(ingestionErrors).filter((value) => typeof value === 'function' && value !== ingestionErrors.IngestionError);
    expect(samples.map((error) => error.constructor)).toEqual(expect.arrayContaining(exported));
    expect(samples).toHaveLength(exported.length);
    for (const error of samples) {
      const refused = new RefusedReportError({ code: error.code, message: error.message });
      expect([refused.httpStatus, refused.exitCode], error.code).toEqual([error.httpStatus, error.exitCode]);
    }
  });
});
