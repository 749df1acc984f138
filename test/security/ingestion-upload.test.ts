import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzippedHostileXml, hostileShape } from '../../bench/ingest/hostile-shapes.js';
import { Role } from '../../entities/roles.js';
import { emailMessage, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Hostile uploads through POST /reports, against the whole running application: each is refused
 * with its typed code, stores nothing, and the server answers a normal upload afterwards.
 */

/** A one-record report with its own report id (so each upload is a new report). */
const report = (id: string, record = '') =>
  oneRecordReport().replace('<report_id>t-1</report_id>', `<report_id>${id}</report_id>`).replace('<record>', `<record>${record}`);

const deep = (levels: number) => `${'<x>'.repeat(levels)}${'</x>'.repeat(levels)}`;

interface Answer {
  status: number;
  body: { reports?: { reportId: string; status: string }[]; error?: { code: string; message: string } };
}

describe('hostile uploads to POST /reports', () => {
  let t: TestApp;
  let ingestKey: string;
  let normalUploads = 0;

  const upload = async (body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<Answer> => {
    const response = await fetch(`${t.app.url}/reports`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-api-key': ingestKey },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const stored = async (reportId: string) => {
    const rows = await t.app.dependencies.database.orm.em.fork().getConnection().execute<{ n: string }[]>(
      'SELECT count(*) AS n FROM dmarc_reports WHERE report_id = ?',
      [reportId],
    );
    return Number(rows[0]!.n);
  };
  /** The server is alive and well: a normal report is stored. */
  const expectNormalUploadStored = async () => {
    const id = `normal-${++normalUploads}`;
    const answer = await upload(report(id), 'application/xml');
    expect(answer.status).toBe(201);
    expect(answer.body.reports).toMatchObject([{ reportId: id, status: 'ingested' }]);
  };
  const expectRefused = (answer: Answer, status: number, code: string) => {
    expect(answer.body.error?.code, answer.body.error?.message).toBe(code);
    expect(answer.status).toBe(status);
  };

  beforeAll(async () => {
    t = await startTestApp();
    ingestKey = await t.apiKey(Role.INGEST);
  });
  afterAll(() => t.close());

  it('refuses the review\'s 637 KB gzip of 35 million nested tags within seconds, the process far below 1 GiB, and serves on', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of gzippedHostileXml(hostileShape('deep-nesting'), 35_000_000 * 3)) chunks.push(chunk as Buffer);
    const gzip = Buffer.concat(chunks);
    expect(gzip.length).toBeGreaterThan(400_000);
    expect(gzip.length).toBeLessThan(1_000_000);

    const started = performance.now();
    const answer = await upload(gzip, 'application/gzip');
    const seconds = (performance.now() - started) / 1000;

    expectRefused(answer, 422, 'XML_TOO_DEEP');
    expect(answer.body.error!.message).toMatch(/nested more than 32 deep/);
    expect(seconds).toBeLessThan(10);
    // The server runs in this process: its peak RSS so far, everything else of the test included.
    expect(process.resourceUsage().maxRSS / 1024).toBeLessThan(1024);
    await expectNormalUploadStored();
  }, 60_000);

  it.each([
    ['XML', (xml: Buffer) => xml],
    ['gzip', (xml: Buffer) => gzipSync(xml)],
    ['zip', (xml: Buffer) => zipArchive([{ name: 'deep.xml', data: xml }])],
    ['e-mail', (xml: Buffer) => emailMessage([{ filename: 'deep.xml', contentType: 'text/xml', data: xml, encoding: 'base64' }])],
    ['zip in gzip', (xml: Buffer) => gzipSync(zipArchive([{ name: 'deep.xml', data: xml }]))],
    ['e-mail in gzip', (xml: Buffer) => gzipSync(emailMessage([{ filename: 'deep.xml.gz', contentType: 'application/gzip', data: gzipSync(xml), encoding: 'base64' }]))],
  ])('refuses deep nesting inside %s with 422 XML_TOO_DEEP and stores nothing', async (container, wrap) => {
    const id = `deep-${container}`;
    const answer = await upload(wrap(Buffer.from(report(id, deep(1000)))));

    expectRefused(answer, 422, 'XML_TOO_DEEP');
    expect(await stored(id)).toBe(0);
    await expectNormalUploadStored();
  });

  it.each([
    ['org_name', 'a<!---->'],
    ['extra_contact_info', 'b<!---->'],
  ])('refuses a 20 MiB <%s> split by comments with 422 FIELD_TOO_LONG and stores nothing', async (field, piece) => {
    const id = `split-${field}`;
    const value = piece.repeat(Math.ceil((20 * 1024 * 1024) / piece.length));
    const xml = field === 'org_name' ? report(id).replace('Tester', value) : report(id).replace('</org_name>', `</org_name><${field}>${value}</${field}>`);

    const answer = await upload(xml, 'application/xml');

    expectRefused(answer, 422, 'FIELD_TOO_LONG');
    expect(answer.body.error!.message).toMatch(new RegExp(`<${field}> is longer than \\d+ characters`));
    expect(await stored(id)).toBe(0);
    await expectNormalUploadStored();
  }, 60_000);

  it.each([
    ['org_name', (id: string) => report(id).replace('Tester', 'Test\u0000er')],
    ['header_from', (id: string) => report(id).replace('<header_from>example.com', '<header_from>exam\u0000ple.com')],
    ['org_name as &#0;', (id: string) => report(id).replace('Tester', 'Test&#0;er')],
  ])('refuses a NUL in %s with 422 MALFORMED_XML (not a 500) and stores nothing', async (where, xml) => {
    const id = `nul-${where.replace(/\W/g, '')}`;
    const answer = await upload(xml(id), 'application/xml');

    expectRefused(answer, 422, 'MALFORMED_XML');
    expect(answer.body.error!.message).toMatch(/U\+0000 \(NUL\)/);
    expect(await stored(id)).toBe(0);
    await expectNormalUploadStored();
  });

  it('refuses a 2 MiB attribute with 413 REPORT_TOO_LARGE and stores nothing', async () => {
    const xml = report('huge-attribute', `<extension data="${'v'.repeat(2 * 1024 * 1024)}"/>`);

    const answer = await upload(xml, 'application/xml');

    expectRefused(answer, 413, 'REPORT_TOO_LARGE');
    expect(answer.body.error!.message).toMatch(/maxTokenChars/);
    expect(await stored('huge-attribute')).toBe(0);
    await expectNormalUploadStored();
  });

  it('refuses an e-mail with 2,000 report attachments whole with 413 TOO_MANY_ENTRIES, storing none of them', async () => {
    const parts = Array.from({ length: 2000 }, (_, i) => ({
      filename: `r-${i}.xml`,
      contentType: 'text/xml',
      data: Buffer.from(report(`attached-${i}`)),
      encoding: 'base64' as const,
    }));

    const answer = await upload(emailMessage(parts), 'message/rfc822');

    expectRefused(answer, 413, 'TOO_MANY_ENTRIES');
    expect(answer.body.error!.message).toMatch(/2000 report attachments; at most 16/);
    expect(await stored('attached-0')).toBe(0);
    await expectNormalUploadStored();
  });
});
