import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDns, type TestDns } from '../support/dnsmasq.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { handReport } from './sender-reports.js';

const INGEST = `mutation($content: String!) { ingestReport(content: $content) { reports { status recordCount } } }`;

const namesOf = async (t: TestApp) =>
  Object.fromEntries(
    (await t.database.query<{ ip: string; reverse_dns: string; dns_error: string | null; sender_name: string }>(
      'SELECT host(ip) AS ip, reverse_dns, dns_error, sender_name FROM sender_names ORDER BY ip',
    )).map((row) => [row.ip, [row.reverse_dns, row.dns_error, row.sender_name]]),
  );

describe('naming after ingestion, when DNS times out or fails', () => {
  let dns: TestDns;
  let t: TestApp;

  beforeAll(async () => {
    dns = await startTestDns(
      { ptr: { '198.51.100.10': 'o1.ptr1234.sendgrid.net' }, hosts: { 'o1.ptr1234.sendgrid.net': ['198.51.100.10'] } },
      { timeout: ['198.51.100.20'], servfail: ['198.51.100.21'] },
    );
    // A deadline long enough that naming is certainly still waiting when ingestion answers.
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '4000' } });
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('stores the report at once, names in the background, and records the failures without losing the answers', async () => {
    const report = handReport({
      reportId: 'dns-trouble-1',
      records: [
        { ip: '198.51.100.10', count: 5, dkim: 'pass', spf: 'pass' },
        { ip: '198.51.100.20', count: 3, dkim: 'fail', spf: 'fail' },
        { ip: '198.51.100.21', count: 2, dkim: 'fail', spf: 'fail' },
      ],
    });
    const stored = await t.graphql<{ ingestReport: { reports: { status: string; recordCount: number }[] } }>(INGEST, { content: report });
    expect(stored.errors).toBeUndefined();
    expect(stored.data!.ingestReport.reports).toEqual([{ status: 'INGESTED', recordCount: 3 }]);
    // Ingestion did not wait for the address whose DNS does not answer.
    expect((await namesOf(t))['198.51.100.20']).toBeUndefined();
    expect((await t.database.query<{ n: string }>('SELECT count(*) AS n FROM dmarc_records'))[0]!.n).toBe('3');

    await t.app.services.senders.naming.idle();
    expect(await namesOf(t)).toEqual({
      '198.51.100.10': ['CONFIRMED', null, 'Twilio SendGrid'],
      '198.51.100.20': ['FAILED', 'ETIMEOUT', '198.51.100.20'],
      '198.51.100.21': ['FAILED', 'ESERVFAIL', '198.51.100.21'],
    });
  });

  it('keeps ingesting when no DNS server answers at all', async () => {
    const nobody = await startTestApp({ env: { DNS_SERVERS: '127.0.0.1:9', DNS_TIMEOUT_MS: '500' } });
    try {
      const stored = await nobody.graphql<{ ingestReport: { reports: { status: string }[] } }>(INGEST, {
        content: handReport({ reportId: 'no-dns-1', records: [{ ip: '198.51.100.10', count: 1, dkim: 'pass', spf: 'pass' }] }),
      });
      expect(stored.data!.ingestReport.reports.map((r) => r.status)).toEqual(['INGESTED']);
      await nobody.app.services.senders.naming.idle();
      const [row] = await nobody.database.query<{ reverse_dns: string; dns_error: string }>('SELECT reverse_dns, dns_error FROM sender_names');
      expect(row?.reverse_dns).toBe('FAILED');
      expect(['ECONNREFUSED', 'ETIMEOUT']).toContain(row?.dns_error);
    } finally {
      await nobody.close();
    }
  });

  it('names later what ingestion did not: the name-senders job', async () => {
    await t.database.query(`DELETE FROM sender_names`);
    const outcome = await t.app.services.senders.naming.nameDue(30);
    expect(outcome).toMatchObject({ addresses: 3, reverseDns: { CONFIRMED: 1, FAILED: 2 } });
    expect(Object.keys(await namesOf(t))).toHaveLength(3);
  });
});
