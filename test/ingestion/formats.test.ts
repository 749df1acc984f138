import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingestion/index.js';
import { fixture } from '../fixtures/ingestion/fixtures.js';

describe('RFC 7489 aggregate report', () => {
  it('reads metadata, policy and every record field, normalized', async () => {
    const report = await parseReport(fixture('rfc7489.xml'), { filename: 'rfc7489.xml' });

    expect(report.source).toBe('rfc7489.xml');
    expect(report.metadata).toEqual({
      orgName: 'Example & Sons Mail',
      email: 'dmarc-reports@Example.NET',
      extraContactInfo: 'https://example.net/dmarc',
      reportId: 'r-7489-0001',
      begin: new Date('2023-11-14T22:13:20.000Z'),
      end: new Date('2023-11-15T22:13:19.000Z'),
      errors: ['DNS timeout for _dmarc.example.com'],
      generator: null,
      schemaVersion: 'rfc7489',
    });
    expect(report.policy).toEqual({
      domain: 'example.com',
      adkim: 's',
      aspf: 'r',
      p: 'reject',
      sp: 'quarantine',
      np: null,
      pct: 50,
      fo: '1:d',
      testing: null,
      discoveryMethod: null,
    });
    expect(report.recordCount).toBe(3);
    expect(report.messageCount).toBe(16);
    expect(report.warnings).toEqual([]);
    expect(report.records[0]).toEqual({
      sourceIp: '2001:db8::1',
      count: 12,
      disposition: 'quarantine',
      dkim: 'fail',
      spf: 'pass',
      reasons: [
        { type: 'forwarded', comment: 'list <relay> at lists.example.org' },
        { type: 'local_policy', comment: null },
      ],
      headerFrom: 'example.com',
      envelopeFrom: 'bounce.example.com',
      envelopeTo: 'recipient.example.org',
      dkimResults: [
        { domain: 'example.com', selector: 's2024', result: 'fail', humanResult: 'signature did not verify' },
        { domain: 'esp.example.net', selector: 'esp1', result: 'pass', humanResult: null },
      ],
      spfResults: [
        { domain: 'bounce.example.com', scope: 'mfrom', result: 'pass' },
        { domain: 'mx.example.com', scope: 'helo', result: 'softfail' },
      ],
    });
    expect(report.records.map((record) => [record.sourceIp, record.count, record.disposition])).toEqual([
      ['2001:db8::1', 12, 'quarantine'],
      ['192.0.2.10', 3, 'none'],
      ['::ffff:198.51.100.7', 1, 'reject'],
    ]);
    expect(report.records[2]?.spfResults).toEqual([{ domain: 'example.com', scope: null, result: 'permerror' }]);
  });
});

describe('RFC 9990 (DMARCbis) aggregate report', () => {
  it('recognizes the dmarc-2.0 namespace (with a prefix), np, testing, discovery_method, no pct, and skips extensions', async () => {
    const report = await parseReport(fixture('rfc9990.xml'));

    expect(report.metadata.schemaVersion).toBe('rfc9990');
    expect(report.metadata.generator).toBe('Bis Generator 2.1');
    expect(report.metadata.orgName).toBe('Bis Reporter');
    expect(report.policy).toEqual({
      domain: 'bis.example',
      adkim: null,
      aspf: null,
      p: 'reject',
      sp: 'quarantine',
      np: 'reject',
      pct: null,
      fo: null,
      testing: 'y',
      discoveryMethod: 'treewalk',
    });
    expect(report.records).toEqual([
      {
        sourceIp: '2001:db8::1:0:0:1',
        count: 7,
        disposition: 'pass',
        dkim: 'pass',
        spf: 'pass',
        reasons: [{ type: 'policy_test_mode', comment: 't=y' }],
        headerFrom: 'bis.example',
        envelopeFrom: 'bis.example',
        envelopeTo: null,
        dkimResults: [{ domain: 'bis.example', selector: 'sel', result: 'pass', humanResult: null }],
        spfResults: [{ domain: 'bis.example', scope: null, result: 'pass' }],
      },
    ]);
  });
});

describe('pre-RFC draft aggregate report', () => {
  it('is read as schema "draft" when <version> is absent', async () => {
    const report = await parseReport(fixture('draft.xml'));

    expect(report.metadata).toMatchObject({ orgName: 'old.example', reportId: '1234567890', schemaVersion: 'draft' });
    expect(report.metadata.begin.toISOString()).toBe('2012-04-28T00:00:00.000Z');
    expect(report.policy).toMatchObject({ domain: 'example.org', p: 'none', sp: 'none', pct: 100 });
    expect(report.records).toHaveLength(1);
    expect(report.records[0]?.dkimResults).toEqual([{ domain: 'example.org', selector: null, result: 'fail', humanResult: null }]);
  });
});
