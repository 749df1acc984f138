import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics ingest', () => {
  let database: TestDatabase;
  let dir: string;
  const env = () => ({ DATABASE_URL: database.url, NODE_ENV: 'test' });
  const count = async (table: string) => Number((await database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'dmarc-ingest-'));
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'rfc7489.xml'), fixture('rfc7489.xml'));
    writeFileSync(join(dir, 'nested', 'tester.xml.gz'), gzipSync(oneRecordReport()));
    writeFileSync(join(dir, 'nested', 'deeper', 'empty.xml'), '');
    writeFileSync(join(dir, 'nested', 'bad-disposition.xml'), oneRecordReport({ disposition: 'not a disposition' }).replace('t-1', 't-2'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the good files of a directory tree, lists the bad ones and exits 1 (--json)', async () => {
    const result = await runCli(['ingest', '--json', dir], env());
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toEqual({
      ingested: 2,
      duplicates: 0,
      rejected: [
        { file: join(dir, 'nested', 'bad-disposition.xml'), reason: expect.stringContaining('record 1'), code: 'INVALID_REPORT' },
        { file: join(dir, 'nested', 'deeper', 'empty.xml'), reason: expect.stringContaining('empty'), code: 'EMPTY_REPORT' },
      ],
      repaired: [],
      reports: [
        { file: join(dir, 'nested', 'tester.xml.gz'), status: 'ingested', id: expect.any(Number), orgName: 'Tester', reportId: 't-1', policyDomain: 'example.com', records: 1 },
        { file: join(dir, 'rfc7489.xml'), status: 'ingested', id: expect.any(Number), orgName: 'Example & Sons Mail', reportId: 'r-7489-0001', policyDomain: 'example.com', records: 3 },
      ],
      failureReports: [],
      tlsReports: [],
      records: 4,
      elapsedMs: expect.any(Number),
    });
    expect(await count('dmarc_reports')).toBe(2);
    expect(await count('dmarc_records')).toBe(4);
  });

  it('geolocates the source IPs of the reports it stored (the reportIngested reaction, as in the server)', async () => {
    const rows = await database.query<{ ip: string; reserved_range: string | null }>('SELECT host(ip) AS ip, reserved_range FROM geolocation_cache ORDER BY ip');
    expect(rows.map((row) => row.ip)).toEqual(expect.arrayContaining(['192.0.2.1', '192.0.2.10', '2001:db8::1']));
    expect(rows.find((row) => row.ip === '192.0.2.1')?.reserved_range).toEqual(expect.any(String));
  });

  it('says "duplicate" for reports already stored and exits 0 when nothing is rejected (human summary)', async () => {
    const result = await runCli(['ingest', join(dir, 'rfc7489.xml'), join(dir, 'nested', 'tester.xml.gz')], env());
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/reports ingested: 0\n/);
    expect(result.stdout).toMatch(/duplicates: +2\n/);
    expect(result.stdout).toMatch(/rejected files: +0\n/);
    expect(result.stdout).toMatch(/records stored: +0\n/);
    expect(result.stdout).toMatch(/elapsed: +\d+\.\d s\n/);
    expect(await count('dmarc_reports')).toBe(2);
  });

  it('lists a path that does not exist as rejected', async () => {
    const missing = join(dir, 'no-such-file.xml');
    const result = await runCli(['ingest', '--json', missing], env());
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ingested: 0, rejected: [{ file: missing, code: 'UNREADABLE_FILE' }] });
  });

  it('lists the reports it read by repairing them, with what was repaired (JSON and human summary)', async () => {
    const file = join(dir, 'repaired', 'windows-1252-bytes.xml');
    mkdirSync(join(dir, 'repaired'));
    writeFileSync(file, readFileSync(new URL('../fixtures/ingestion/recoverable/windows-1252-bytes.xml', import.meta.url)));

    const json = await runCli(['ingest', '--json', file], env());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ingested: 1,
      repaired: [
        {
          file,
          reportId: 'cp1252-1',
          warnings: [
            expect.stringContaining('not valid UTF-8'),
            expect.stringContaining('<org_name>'),
            expect.stringContaining('<header_from>'),
            expect.stringContaining('identifiers.header_from "exampl\uFFFD.com" is not a domain name'),
          ],
        },
      ],
    });

    const human = await runCli(['ingest', file], env());
    expect(human.stdout).toMatch(/duplicates: +1\n/);
    expect(human.stdout).toMatch(/repaired reports: 1\n/);
    expect(human.stdout).toContain(`  ${file} (cp1252-1): record 1: <header_from> holds invalid bytes, replaced by U+FFFD: "exampl\uFFFD.com"\n`);
  });

  it('lists each report of a file of concatenated <feedback> documents, and stores nothing new the second time', async () => {
    const file = join(dir, 'concatenated', 'joined.xml');
    mkdirSync(join(dir, 'concatenated'));
    writeFileSync(file, readFileSync(new URL('../fixtures/ingestion/recoverable/concatenated-documents.xml', import.meta.url)));

    const json = await runCli(['ingest', '--json', file], env());
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { ingested: number; reports: unknown[]; repaired: unknown[]; records: number };
    expect(summary).toMatchObject({ ingested: 2, records: 3 });
    expect(summary.reports).toEqual([
      { file, status: 'ingested', id: expect.any(Number), orgName: 'Joined Mail', reportId: 'joined-2024-03-30-a', policyDomain: 'example.com', records: 1 },
      { file, status: 'ingested', id: expect.any(Number), orgName: 'Joined Mail', reportId: 'joined-2024-03-30-b', policyDomain: 'example.org', records: 2 },
    ]);
    expect(summary.repaired).toEqual([
      { file, reportId: 'joined-2024-03-30-a', warnings: [expect.stringMatching(/^document 1 of several <feedback> documents concatenated in one file/)] },
      { file, reportId: 'joined-2024-03-30-b', warnings: [expect.stringMatching(/^document 2 of several <feedback> documents concatenated in one file/)] },
    ]);

    const human = await runCli(['ingest', file], env());
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/reports ingested: 0\n/);
    expect(human.stdout).toMatch(/duplicates: +2\n/);
    expect(human.stdout).toContain(
      `files with several reports: 1\n  ${file}: joined-2024-03-30-a (Joined Mail, example.com) duplicate, 1 records\n  ${file}: joined-2024-03-30-b (Joined Mail, example.org) duplicate, 2 records\n`,
    );
  });

  it('has --help', async () => {
    const help = await runCli(['ingest', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: dmarc-analytics ingest [options] [paths...]');
  });
});
