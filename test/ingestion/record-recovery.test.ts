import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/ingestion/index.js';
import { manyRecordReport } from '../fixtures/ingestion/fixtures.js';

/**
 * Record-level shapes that parsedmarc reads (or drops, keeping the rest of the report) and we
 * used to refuse whole: each a hand-made file in test/fixtures/ingestion/recoverable/, which
 * `npm run compare:parsedmarc` also runs through parsedmarc.
 */
const recoverable = (name: string) => readFileSync(new URL(`../fixtures/ingestion/recoverable/${name}`, import.meta.url));

describe('records that reporters write in ways we recover from', () => {
  it('reads a source IP that carries a port, and names the original text', async () => {
    const report = await parseReport(recoverable('source-ip-with-port.xml'));
    expect(report.records.map((record) => [record.sourceIp, record.count])).toEqual([
      ['192.0.2.1', 1],
      ['192.0.2.10', 2],
      ['2001:db8::1', 3],
    ]);
    expect(report.warnings).toEqual([
      'record 2: row.source_ip "192.0.2.10:25" carries a port (25); read as the address 192.0.2.10',
      'record 3: row.source_ip "[2001:db8::1]:25" carries a port (25); read as the address 2001:db8::1',
    ]);
  });

  it('reads zero-padded IPv4 octets as decimal, and names the original text', async () => {
    const report = await parseReport(recoverable('zero-padded-ipv4.xml'));
    expect(report.records.map((record) => record.sourceIp)).toEqual(['192.0.2.10', '10.0.0.1']);
    expect(report.warnings).toEqual([
      'record 1: row.source_ip "192.000.002.010" has zero-padded octets; read as decimal 192.0.2.10',
      'record 2: row.source_ip "010.000.000.001" has zero-padded octets; read as decimal 10.0.0.1',
    ]);
  });

  it('drops each record that cannot be stored as one, keeps the others, and says which and why', async () => {
    const report = await parseReport(recoverable('unstorable-records.xml'));
    expect(report.records.map((record) => [record.sourceIp, record.count])).toEqual([
      ['192.0.2.1', 1],
      ['192.0.2.1', 4],
    ]);
    expect(report).toMatchObject({ recordCount: 2, messageCount: 5 });
    expect(report.warnings).toEqual([
      'record 2: row.source_ip "unknown" is not an IP address; the record was dropped',
      'record 3: row.count is missing or empty; the record was dropped',
      'record 4: row.count "abc" is not a non-negative integer; the record was dropped',
    ]);
  });

  it('stores an outcome the reporter left out or empty as not stated (null), never guessed, and says so', async () => {
    const report = await parseReport(recoverable('unstated-values.xml'));
    expect(report.policy.p).toBeNull();
    expect(report.records.map((r) => [r.count, r.disposition, r.dkim, r.spf, r.headerFrom])).toEqual([
      [1, 'none', 'pass', 'pass', 'example.com'],
      [2, null, 'pass', 'pass', 'example.com'],
      [3, null, 'pass', 'pass', 'example.com'],
      [4, 'none', 'pass', 'pass', null],
      [5, 'none', null, null, 'example.com'],
      [6, 'none', 'pass', 'pass', null],
      [7, 'none', null, 'pass', 'example.com'],
    ]);
    expect(report.messageCount).toBe(28);
    expect(report.warnings).toEqual([
      'policy_published.p is missing or empty; stored as not stated (null)',
      'record 2: row.policy_evaluated.disposition is missing or empty; stored as not stated (null)',
      'record 3: row.policy_evaluated.disposition is missing or empty; stored as not stated (null)',
      'record 4: identifiers.header_from is missing or empty; stored as not stated (null)',
      'record 5: row.policy_evaluated.dkim is missing or empty; stored as not stated (null)',
      'record 5: row.policy_evaluated.spf is missing or empty; stored as not stated (null)',
      'record 6: identifiers.header_from is missing or empty; stored as not stated (null)',
      'record 7: row.policy_evaluated.dkim is missing or empty; stored as not stated (null)',
    ]);
  });

  it('keeps a report whose every record was dropped, as parsedmarc does, and says so', async () => {
    const report = await parseReport(recoverable('every-record-unstorable.xml'));
    expect(report).toMatchObject({ recordCount: 0, records: [] });
    expect(report.warnings).toEqual([
      'record 1: row.source_ip "unknown" is not an IP address; the record was dropped',
      'record 2: row.source_ip "n/a" is not an IP address; the record was dropped',
      'the report has no records left: every record was dropped',
    ]);
  });

  it('bounds the warnings for dropped records and still counts every one', async () => {
    // 30 records, of which the 25 with source IPs 10.0.0.5 to 10.0.0.29 lose their address.
    const xml = manyRecordReport(30).replace(/<source_ip>10\.0\.0\.([5-9]|[12]\d)<\/source_ip>/g, '<source_ip>unknown-$1</source_ip>');
    const report = await parseReport(Buffer.from(xml));
    expect(report.recordCount).toBe(5);
    expect(report.warnings).toHaveLength(11);
    expect(report.warnings[0]).toBe('record 6: row.source_ip "unknown-5" is not an IP address; the record was dropped');
    expect(report.warnings[9]).toBe('record 15: row.source_ip "unknown-14" is not an IP address; the record was dropped');
    expect(report.warnings[10]).toBe('15 more records dropped (25 of 30 in all)');
  });

  it('stores a policy or outcome stated in a word outside the list as not stated, keeping the word in the warning', async () => {
    const report = await parseReport(recoverable('unknown-outcome-words.xml'));
    expect(report.policy.p).toBeNull();
    expect(report.records.map((r) => [r.disposition, r.dkim, r.spf])).toEqual([
      [null, 'pass', null],
      ['none', 'pass', 'pass'],
    ]);
    expect(report.warnings).toEqual([
      'policy_published.p "monitor" is not one of none, quarantine, reject; stored as not stated (null)',
      'record 1: row.policy_evaluated.disposition "bounced" is not one of none, pass, quarantine, reject; stored as not stated (null)',
      'record 1: row.policy_evaluated.spf "softfail" is not one of pass, fail; stored as not stated (null)',
    ]);
  });

  it('keeps a policy domain or header_from that is not a domain name as written (as parsedmarc does), with a warning', async () => {
    const report = await parseReport(recoverable('not-domain-names.xml'));
    expect(report.policy.domain).toBe('<img src=x onerror=alert(1)>.com');
    expect(report.records.map((r) => r.headerFrom)).toEqual(['bank support <support@bank.example>', 'bücher.example', 'xn--bcher-kva.example.']);
    expect(report.messageCount).toBe(4);
    expect(report.warnings).toEqual([
      'policy_published.domain "<img src=x onerror=alert(1)>.com" is not a domain name; kept as written',
      'record 1: identifiers.header_from "bank support <support@bank.example>" is not a domain name; kept as written',
    ]);
  });

  it('still refuses a value that is not a word at all', async () => {
    const xml = manyRecordReport(1).replace('<disposition>none</disposition>', '<disposition>not a disposition</disposition>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ code: 'INVALID_REPORT', field: 'row.policy_evaluated.disposition' });
  });

  it('maps words that name one value with a warning, and keeps words that name none as written', async () => {
    const report = await parseReport(recoverable('unknown-keywords.xml'));
    expect(report.policy).toMatchObject({ adkim: 's', aspf: 'r', p: 'reject' });
    expect(report.records[0]).toMatchObject({
      reasons: [
        { type: 'other', comment: '[reported type: auto_forwarded] arc=pass' },
        { type: 'mailing_list', comment: null },
      ],
      dkimResults: [{ domain: 'example.com', selector: 's1', result: 'unknown', humanResult: null }],
      spfResults: [{ domain: 'example.com', scope: 'mfrom', result: 'pass' }],
    });
    expect(report.warnings).toEqual([
      'policy_published.adkim "strict" read as "s"',
      'policy_published.aspf "Relaxed" read as "r"',
      'record 1: row.policy_evaluated.reason.type "auto_forwarded" is not one of forwarded, sampled_out, trusted_forwarder, mailing_list, local_policy, policy_test_mode, other; stored as "other" with the reported type in its comment',
      'record 1: auth_results.dkim.result "unknown" is not one of none, pass, fail, policy, neutral, temperror, permerror; kept as written',
      'record 1: auth_results.spf.scope "MAILFROM" read as "mfrom"',
    ]);
  });

  it('refuses an unlisted result that is no word (it is no result)', async () => {
    const xml = manyRecordReport(1).replace('<selector>s1</selector><result>pass</result>', '<selector>s1</selector><result>pa"ss</result>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ code: 'INVALID_REPORT', field: 'auth_results.dkim.result' });
  });

  it('still refuses a policy that is not a word at all', async () => {
    const xml = manyRecordReport(1).replace('<p>none</p>', '<p>no policy</p>');
    await expect(parseReport(Buffer.from(xml))).rejects.toMatchObject({ code: 'INVALID_REPORT', message: 'policy_published.p "no policy" is not one of none, quarantine, reject' });
  });
});
