import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTraffic } from '../../src/demo/demo-data.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics demo', () => {
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, NODE_ENV: 'test' });
  const count = async (sql: string): Promise<number> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return Number((await client.query(sql)).rows[0].n);
    } finally {
      await client.end();
    }
  };
  const counts = async () => ({
    reports: await count('SELECT count(*) AS n FROM dmarc_reports'),
    records: await count('SELECT count(*) AS n FROM dmarc_records'),
    users: await count('SELECT count(*) AS n FROM users'),
    keys: await count('SELECT count(*) AS n FROM api_keys'),
    models: await count('SELECT count(*) AS n FROM ml_models WHERE deployed'),
    anomalies: await count('SELECT count(*) AS n FROM ml_predictions'),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('loads a month of traffic through ingestion, an admin, a viewer key and a model, and finds what was planted', async () => {
    const result = await runCli(['demo'], env(), 120_000);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(0);
    const traffic = demoTraffic(new Date());
    const stored = await counts();
    expect(stored).toMatchObject({ reports: traffic.reports.length, records: traffic.records.length, users: 1, keys: 1, models: 1 });
    expect(result.stdout).toContain(`${traffic.reports.length} stored, 0 already there`);
    expect(result.stdout).toMatch(/^Admin: +demo-admin@example\.com {2}password: \S{20,}/m);
    expect(result.stdout).toMatch(/^Viewer key: +dmarc_\S+/m);
    expect(result.stdout).toContain('/map');
    expect(result.stdout).toContain('/graphql');

    // Every report went through the parser: the records carry auth results and geolocations.
    expect(await count('SELECT count(*) AS n FROM dmarc_records WHERE auth_results IS NULL')).toBe(0);
    expect(await count(`SELECT count(DISTINCT country_code) AS n FROM geolocation_cache WHERE country_code IS NOT NULL`)).toBeGreaterThanOrEqual(8);

    // The spoofing campaign and the compromised provider are among the anomalies.
    const flagged = async (ips: string[]) =>
      count(`SELECT count(DISTINCT source_ip) AS n FROM ml_predictions WHERE host(source_ip) = ANY('{${ips.join(',')}}')`);
    expect(await flagged(traffic.campaignIps)).toBeGreaterThanOrEqual(0.9 * traffic.campaignIps.length);
    expect(await flagged(traffic.compromisedIps)).toBe(1);

    // Every address named through the demo's own DNS (dnsmasq on loopback), forward-confirmed; every
    // sender classified: the providers and small services authorized, forwarders and lists, two
    // misconfigured services, the campaign's ISPs and hosts unauthorized.
    const addresses = await count('SELECT count(DISTINCT source_ip) AS n FROM dmarc_records');
    expect(addresses).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) AS n FROM sender_names WHERE reverse_dns = 'CONFIRMED' AND naming_source <> 'NONE'`)).toBe(addresses);
    expect(result.stdout).toMatch(
      /^ {2}senders {3}27 \(per domain\), every one named \(names from the demo's DNS zone, served by a loopback dnsmasq\): 10 authorized, 9 forwarder, 2 misconfigured, 6 unauthorized, 0 unknown$/m,
    );
    expect(result.stdout).toContain('/senders');
  }, 150_000);

  it('adds nothing when run again, and prints no credentials the second time', async () => {
    const before = await counts();
    const again = await runCli(['demo'], env(), 120_000);
    expect(again.code).toBe(0);
    expect(await counts()).toEqual(before);
    expect(again.stdout).toContain(`0 stored, ${before.reports} already there`);
    expect(again.stdout).not.toMatch(/password: \S/);
    expect(again.stdout).toContain('exists');
  }, 150_000);

  it('--reset starts over: one admin with a new password, one key, the same reports; without dnsmasq the names come from the zone file', async () => {
    const before = await counts();
    const reset = await runCli(['demo', '--reset'], { ...env(), DNSMASQ_BIN: '/nonexistent/dnsmasq' }, 120_000);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/password: \S{20,}/);
    expect(await counts()).toEqual(before);
    expect(reset.stdout).toMatch(/^ {2}senders {3}27 \(per domain\), every one named \(names written from the demo's DNS zone: dnsmasq is not installed \(apt-get install dnsmasq-base to name them through DNS\)\): 10 authorized, 9 forwarder, 2 misconfigured, 6 unauthorized, 0 unknown$/m);
  }, 150_000);

  it('is refused in production', async () => {
    const result = await runCli(['demo'], { ...env(), NODE_ENV: 'production' });
    expect(result.code).not.toBe(0);
    expect(await count('SELECT count(*) AS n FROM users')).toBe(1);
  });
});
