import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseReport, parseReports } from '../../src/ingestion/index.js';
import { emailMessage, fixture, oneRecordReport, zipArchive } from '../fixtures/ingestion/fixtures.js';

const xml = fixture('rfc7489.xml');

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

describe('container detection by content', () => {
  it('reads bare XML', async () => {
    const report = await parseReport(xml, { filename: 'report.xml' });
    expect(report).toMatchObject({ source: 'report.xml', recordCount: 3 });
  });

  it('reads gzip even when the name says .xml, and names the document without .gz', async () => {
    const fromMislabelled = await parseReport(gzipSync(xml), { filename: 'report.xml' });
    const fromGz = await parseReport(gzipSync(xml), { filename: 'report.xml.gz' });

    expect(fromMislabelled.metadata.reportId).toBe('r-7489-0001');
    expect(fromGz.source).toBe('report.xml');
    expect(fromGz.records).toEqual(fromMislabelled.records);
  });

  it('reads a gzip stream arriving in small chunks', async () => {
    const report = await parseReport(chunksOf(gzipSync(xml), 7), { filename: 'report.xml.gz' });
    expect(report.recordCount).toBe(3);
  });

  it('reads every report of a zip, skipping directories', async () => {
    const archive = zipArchive([
      { name: 'reports/', data: new Uint8Array(0) },
      { name: 'reports/a.xml', data: xml },
      { name: 'reports/b.xml.gz', data: gzipSync(fixture('draft.xml')) },
    ]);

    const reports = await parseReports(archive, { filename: 'reports.zip' });

    expect(reports.map((report) => [report.source, report.metadata.reportId, report.recordCount])).toEqual([
      ['reports/a.xml', 'r-7489-0001', 3],
      ['reports/b.xml', '1234567890', 1],
    ]);
  });

  it('reads a base64 zip attachment of an e-mail', async () => {
    const message = emailMessage([
      { filename: 'reporter!example.com!1700000000!1700086399.zip', contentType: 'application/zip', encoding: 'base64', data: zipArchive([{ name: 'r.xml', data: xml }]) },
    ]);

    const report = await parseReport(message, { filename: 'report.eml' });

    expect(report).toMatchObject({ source: 'r.xml', recordCount: 3, metadata: { orgName: 'Example & Sons Mail' } });
  });

  it('reads a base64 gzip attachment of an e-mail', async () => {
    const message = emailMessage([{ filename: 'r.xml.gz', contentType: 'application/gzip', encoding: 'base64', data: gzipSync(xml) }]);

    const report = await parseReport(message);

    expect(report).toMatchObject({ source: 'r.xml', recordCount: 3 });
  });

  it('reads a quoted-printable XML attachment of an e-mail, non-ASCII text intact', async () => {
    const withUnicode = Buffer.from(fixture('draft.xml').toString().replace('<org_name>old.example</org_name>', '<org_name>Société Générale = SG</org_name>'));
    const message = emailMessage([{ filename: 'report.xml', contentType: 'text/xml', encoding: 'quoted-printable', data: withUnicode }]);
    expect(message.toString()).toContain('Soci=C3=A9t=C3=A9 G=C3=A9n=C3=A9rale =3D SG');

    const report = await parseReport(message);

    expect(report.metadata.orgName).toBe('Société Générale = SG');
    expect(report.records[0]?.sourceIp).toBe('203.0.113.9');
  });

  it('refuses an e-mail without a report attachment', async () => {
    await expect(parseReport(emailMessage([]), { filename: 'notice.eml' })).rejects.toMatchObject({
      code: 'EMPTY_REPORT',
      message: 'notice.eml contains no DMARC report',
    });
  });

  it('refuses content that is no supported format, naming its first bytes', async () => {
    await expect(parseReport(Buffer.from('%PDF-1.7 ...'), { filename: 'report.pdf' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: 'report.pdf is neither XML, JSON, gzip, zip nor an e-mail message (it starts with bytes 255044462d312e37)',
    });
  });

  it('refuses an empty file with the reason', async () => {
    await expect(parseReport(Buffer.alloc(0), { filename: 'empty.xml' })).rejects.toMatchObject({
      code: 'EMPTY_REPORT',
      httpStatus: 422,
      exitCode: 65,
      message: 'empty.xml is empty (0 bytes)',
    });
  });
});

describe('damaged containers', () => {
  it('refuses a truncated gzip', async () => {
    const gz = gzipSync(xml);
    await expect(parseReport(gz.subarray(0, gz.length - 40), { filename: 'cut.xml.gz' })).rejects.toMatchObject({
      code: 'CORRUPT_ARCHIVE',
      message: 'gzip cut.xml.gz is truncated (unexpected end of data)',
    });
  });

  it('refuses a gzip with a corrupt body', async () => {
    const gz = Buffer.from(gzipSync(xml));
    gz.fill(0xff, 20, 60);
    await expect(parseReport(gz, { filename: 'bad.xml.gz' })).rejects.toMatchObject({ code: 'CORRUPT_ARCHIVE', message: expect.stringMatching(/^gzip bad\.xml\.gz is corrupt: /) });
  });

  it('refuses a zip whose central directory is cut off', async () => {
    const zip = zipArchive([{ name: 'r.xml', data: xml }]);
    await expect(parseReport(zip.subarray(0, zip.length - 30), { filename: 'cut.zip' })).rejects.toMatchObject({
      code: 'CORRUPT_ARCHIVE',
      message: expect.stringMatching(/^zip cut\.zip is corrupt: /),
    });
  });

  it('refuses a zip whose entry data is damaged', async () => {
    const zip = zipArchive([{ name: 'r.xml', data: xml }]);
    zip.fill(0xff, 45, 80);
    await expect(parseReport(zip, { filename: 'bad.zip' })).rejects.toMatchObject({ code: 'CORRUPT_ARCHIVE' });
  });
});

describe('resource limits', () => {
  const zeros = Buffer.alloc(50 * 1024 * 1024);
  // Passes for XML to the sniffer: layout whitespace the parser would otherwise skip forever.
  const xmlBomb = Buffer.concat([Buffer.from('<?xml version="1.0"?><feedback>'), Buffer.alloc(50 * 1024 * 1024, ' ')]);

  it('stops a gzip bomb by its compression ratio before inflating it', async () => {
    const bomb = gzipSync(xmlBomb, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);

    await expect(parseReport(bomb, { filename: 'bomb.xml.gz' })).rejects.toMatchObject({
      code: 'COMPRESSION_BOMB',
      httpStatus: 413,
      message: 'gzip bomb.xml.gz expands more than 200 times (maxCompressionRatio): refused as a decompression bomb',
    });
  });

  it('stops a zip bomb from its declared sizes', async () => {
    const bomb = zipArchive([{ name: 'bomb.xml', data: zeros }]);
    await expect(parseReport(bomb, { filename: 'bomb.zip' })).rejects.toMatchObject({
      code: 'COMPRESSION_BOMB',
      message: 'zip entry bomb.xml declares it expands more than 200 times (maxCompressionRatio): refused as a decompression bomb',
    });
  });

  it('stops a zip bomb that lies about its size as soon as it inflates past the declared size', async () => {
    const liar = zipArchive([{ name: 'bomb.xml', data: xmlBomb, declaredSize: 1000 }]);
    await expect(parseReport(liar, { filename: 'liar.zip' })).rejects.toMatchObject({
      code: 'CORRUPT_ARCHIVE',
      message: expect.stringMatching(/^zip liar\.zip is corrupt: too many bytes in the stream/),
    });
  });

  it('enforces the total decompressed size across entries', async () => {
    const report = Buffer.from(oneRecordReport());
    const archive = zipArchive([
      { name: 'a.xml', data: report },
      { name: 'b.xml', data: report },
    ]);
    await expect(parseReports(archive, { limits: { maxDecompressedBytes: report.length + 10 } })).rejects.toMatchObject({
      code: 'REPORT_TOO_LARGE',
      limit: 'maxDecompressedBytes',
    });
  });

  it('refuses a zip with too many entries without reading them', async () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({ name: `r${i}.xml`, data: Buffer.from(oneRecordReport()) }));
    await expect(parseReports(zipArchive(entries), { filename: 'many.zip' })).rejects.toMatchObject({
      code: 'TOO_MANY_ENTRIES',
      message: 'zip many.zip has 1000 entries; at most 16 are read (maxZipEntries)',
    });
  });

  it('refuses containers nested deeper than allowed', async () => {
    let nested: Buffer = xml;
    for (let depth = 0; depth < 4; depth++) nested = zipArchive([{ name: `level${depth}.zip`, data: nested }]);
    await expect(parseReport(nested, { filename: 'deep.zip' })).rejects.toMatchObject({
      code: 'NESTING_TOO_DEEP',
      message: 'level1.zip is nested 4 containers deep; at most 3 are opened (maxNestingDepth)',
    });
  });

  it('opens nesting up to the limit (e-mail → zip → gzip → xml)', async () => {
    const zip = zipArchive([{ name: 'r.xml.gz', data: gzipSync(xml) }]);
    const message = emailMessage([{ filename: 'r.zip', contentType: 'application/zip', encoding: 'base64', data: zip }]);
    await expect(parseReport(message)).resolves.toMatchObject({ source: 'r.xml', recordCount: 3 });
  });

  it('refuses an input larger than maxInputBytes, buffer or stream', async () => {
    const expected = { code: 'REPORT_TOO_LARGE', limit: 'maxInputBytes', message: 'the input exceeds the limit of 1000 (maxInputBytes)' };
    await expect(parseReport(xml, { limits: { maxInputBytes: 1000 } })).rejects.toMatchObject(expected);
    await expect(parseReport(chunksOf(xml, 300), { limits: { maxInputBytes: 1000 } })).rejects.toMatchObject(expected);
  });
});
