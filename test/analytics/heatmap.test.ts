import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { afterReportIngested } from '../../src/analytics/after-report-ingested.js';
import { GeoHeatmapService, type GeoHeatmap } from '../../src/analytics/heatmap/index.js';
import { CachedGeoLookup } from '../../src/geolocation/cache/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { openGeoHarness, type GeoHarness } from '../geolocation/geo-harness.js';

interface Rec { ip: string; count: number; disposition: 'none' | 'quarantine' | 'reject'; dkim: 'pass' | 'fail'; spf: 'pass' | 'fail' }

describe('GeoHeatmapService', () => {
  let t: GeoHarness;
  let em: EntityManager;
  let geo: CachedGeoLookup;
  let heatmaps: GeoHeatmapService;

  const insertReport = async (id: string, domain: string, daysAgo: number, records: Rec[]) => {
    const [report] = await em.getConnection().execute<{ id: string }[]>(
      `INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p, record_count)
       VALUES ('1.0', 'tester', ?, now() - make_interval(days => ?), now() - make_interval(days => ?) + interval '1 day', ?, 'none', ?) RETURNING id`,
      [id, daysAgo, daysAgo, domain, records.length],
    );
    for (const r of records) {
      await em.getConnection().execute(
        `INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
         VALUES (?, ?::inet, ?, ?, ?, ?, ?, ?, now() - make_interval(days => ?))`,
        [report!.id, r.ip, r.count, r.disposition, r.dkim, r.spf, domain, domain, daysAgo],
      );
    }
  };
  const country = (map: GeoHeatmap, code: string) => map.countries.find((c) => c.countryCode === code);
  /** The point columns read back as one object per point. */
  const pointRows = ({ points }: GeoHeatmap) =>
    points.latitude.map((latitude, i) => ({
      countryCode: points.countryCode[i], city: points.city[i], latitude, longitude: points.longitude[i]!, messages: points.messages[i]!, ips: points.ips[i],
    }));

  beforeAll(async () => {
    t = await openGeoHarness();
    em = t.em;
    await insertReport('a', 'example.com', 2, [
      { ip: '8.8.8.8', count: 100, disposition: 'none', dkim: 'pass', spf: 'pass' },
      { ip: '8.8.8.8', count: 20, disposition: 'quarantine', dkim: 'fail', spf: 'fail' },
      { ip: '81.2.69.142', count: 50, disposition: 'none', dkim: 'fail', spf: 'pass' },
      { ip: '223.5.5.5', count: 30, disposition: 'reject', dkim: 'fail', spf: 'fail' },
      { ip: '10.1.2.3', count: 7, disposition: 'none', dkim: 'fail', spf: 'fail' },
      { ip: '185.0.0.1', count: 3, disposition: 'none', dkim: 'pass', spf: 'fail' },
    ]);
    await insertReport('b', 'other.org', 5, [
      { ip: '8.8.4.4', count: 40, disposition: 'none', dkim: 'pass', spf: 'fail' },
      { ip: '81.2.69.142', count: 10, disposition: 'none', dkim: 'fail', spf: 'fail' },
    ]);
    await insertReport('c', 'example.com', 60, [{ ip: '1.1.1.1', count: 1000, disposition: 'none', dkim: 'pass', spf: 'pass' }]);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await em.getConnection().execute('DELETE FROM geolocation_cache');
    await em.getConnection().execute('DELETE FROM analytics_cache');
    geo = new CachedGeoLookup({ em, geolocation: t.geolocation, ttlDays: 90, logger: silentLogger });
    heatmaps = new GeoHeatmapService({ em, geo, logger: silentLogger });
  });

  it('counts every message of the window per country, with unknown and reserved apart', async () => {
    const map = await heatmaps.heatmap({ days: 30 });
    expect(map).toMatchObject({ days: 30, domain: null, disposition: null, fromCache: false, maxCount: 160, totalMessages: 260, totalIps: 6 });
    expect(map.countries.map((c) => c.countryCode)).toEqual(['US', 'GB', 'CN']);
    expect(country(map, 'US')).toEqual({ countryCode: 'US', countryName: 'United States', messages: 160, distinctIps: 2, dmarcFailures: 20, dmarcFailureRate: 0.125 });
    expect(country(map, 'GB')).toMatchObject({ countryName: 'United Kingdom', messages: 60, distinctIps: 1, dmarcFailures: 10 });
    expect(country(map, 'GB')!.dmarcFailureRate).toBeCloseTo(1 / 6, 10);
    expect(country(map, 'CN')).toMatchObject({ messages: 30, distinctIps: 1, dmarcFailures: 30, dmarcFailureRate: 1 });
    expect(map.reserved).toEqual({ messages: 7, distinctIps: 1, dmarcFailures: 7, dmarcFailureRate: 1 });
    expect(map.unknown).toEqual({ messages: 3, distinctIps: 1, dmarcFailures: 0, dmarcFailureRate: 0 });
    const sum = map.countries.reduce((n, c) => n + c.messages, 0) + map.reserved.messages + map.unknown.messages;
    expect(sum).toBe(map.totalMessages);
  });

  it('geolocates the addresses it needs through the cache first', async () => {
    await heatmaps.heatmap({ days: 30 });
    const rows = await em.getConnection().execute<{ ip: string; country_code: string | null; reserved_range: string | null }[]>(
      'SELECT host(ip) AS ip, country_code, reserved_range FROM geolocation_cache ORDER BY geolocation_cache.ip',
    );
    expect(rows).toEqual([
      { ip: '8.8.4.4', country_code: 'US', reserved_range: null },
      { ip: '8.8.8.8', country_code: 'US', reserved_range: null },
      { ip: '10.1.2.3', country_code: null, reserved_range: 'private' },
      { ip: '81.2.69.142', country_code: 'GB', reserved_range: null },
      { ip: '185.0.0.1', country_code: null, reserved_range: null },
      { ip: '223.5.5.5', country_code: 'CN', reserved_range: null },
    ]);
  });

  it('aggregates map points by city, as parallel columns most messages first', async () => {
    const map = await heatmaps.heatmap({ days: 30 });
    const { points } = map;
    for (const column of [points.countryCode, points.city, points.latitude, points.longitude, points.messages, points.ips]) expect(column).toHaveLength(points.count);
    expect(points.messages).toEqual([...points.messages].sort((a, b) => b - a));
    const rows = pointRows(map);
    expect(rows.find((p) => p.city === 'Gamlingay')).toMatchObject({ countryCode: 'GB', messages: 60, ips: 1 });
    expect(rows.find((p) => p.city === 'Hangzhou')).toMatchObject({ countryCode: 'CN', messages: 30, ips: 1 });
    const us = rows.filter((p) => p.countryCode === 'US');
    expect(us.reduce((n, p) => n + p.messages, 0)).toBe(160);
    // Coordinates are means over the point's addresses, rounded to 4 decimals.
    expect(rows.every((p) => Number.isFinite(p.latitude) && Number.isFinite(p.longitude))).toBe(true);
    expect(rows.every((p) => Number(p.latitude.toFixed(4)) === p.latitude && Number(p.longitude.toFixed(4)) === p.longitude)).toBe(true);
    // Reserved and unknown addresses have no coordinates, so no point.
    expect(rows.reduce((n, p) => n + p.messages, 0)).toBe(250);
  });

  it('filters by days, domain and disposition', async () => {
    const quarter = await heatmaps.heatmap({ days: 90 });
    expect(quarter).toMatchObject({ maxCount: 1000, totalMessages: 1260, totalIps: 7 });
    expect(country(quarter, 'AU')).toMatchObject({ messages: 1000, dmarcFailures: 0 });
    expect(quarter.countries[0]!.countryCode).toBe('AU');

    const example = await heatmaps.heatmap({ days: 30, domain: 'Example.COM' });
    expect(example).toMatchObject({ domain: 'example.com', totalMessages: 210, totalIps: 5, maxCount: 120 });
    expect(country(example, 'US')).toMatchObject({ messages: 120, distinctIps: 1, dmarcFailures: 20 });
    expect(country(example, 'GB')).toMatchObject({ messages: 50, dmarcFailures: 0, dmarcFailureRate: 0 });

    const week = await heatmaps.heatmap({ days: 3 });
    expect(week).toMatchObject({ totalMessages: 210 });

    const quarantined = await heatmaps.heatmap({ days: 30, disposition: 'quarantine' });
    expect(quarantined).toMatchObject({ totalMessages: 20, totalIps: 1, maxCount: 20, reserved: { messages: 0 }, unknown: { messages: 0 } });
    expect(quarantined.countries).toEqual([{ countryCode: 'US', countryName: 'United States', messages: 20, distinctIps: 1, dmarcFailures: 20, dmarcFailureRate: 1 }]);

    const nothing = await heatmaps.heatmap({ days: 30, domain: 'nobody.example' });
    expect(nothing).toMatchObject({ countries: [], points: { count: 0, city: [], latitude: [], messages: [] }, maxCount: 0, totalMessages: 0, totalIps: 0 });
  });

  it('serves a computed heatmap from analytics_cache until its domain is invalidated', async () => {
    const first = await heatmaps.heatmap({ days: 30, domain: 'example.com' });
    const all = await heatmaps.heatmap({ days: 30 });
    const second = await heatmaps.heatmap({ days: 30, domain: 'example.com' });
    expect(second.fromCache).toBe(true);
    expect(second.generatedAt.toISOString()).toBe(first.generatedAt.toISOString());
    expect({ ...second, fromCache: false }).toEqual(first);

    // Another domain's ingest drops the all-domain heatmap only.
    expect(await heatmaps.invalidate('other.org')).toBe(1);
    expect((await heatmaps.heatmap({ days: 30, domain: 'example.com' })).fromCache).toBe(true);
    expect((await heatmaps.heatmap({ days: 30 })).fromCache).toBe(false);
    expect(all.fromCache).toBe(false);

    expect(await heatmaps.invalidate('EXAMPLE.com')).toBe(2);
    const fresh = await heatmaps.heatmap({ days: 30, domain: 'example.com' });
    expect(fresh.fromCache).toBe(false);
    expect(fresh.totalMessages).toBe(210);
  });

  it('rejects windows outside 1 to 3650 days and unknown dispositions', async () => {
    for (const days of [0, -1, 3651, 1.5]) {
      await expect(heatmaps.heatmap({ days })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    await expect(heatmaps.heatmap({ days: 3650 })).resolves.toMatchObject({ totalMessages: 1260 });
    await expect(heatmaps.heatmap({ disposition: 'bounce' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('pregenerates 7, 30 and 90 days for all domains and each recent one', async () => {
    const result = await heatmaps.pregenerateCommonHeatmaps();
    expect(result).toEqual({ generated: 9, domains: ['example.com', 'other.org'] });
    for (const days of [7, 30, 90]) {
      for (const domain of [null, 'example.com', 'other.org']) {
        expect((await heatmaps.heatmap({ days, domain })).fromCache).toBe(true);
      }
    }
    expect((await heatmaps.heatmap({ days: 90, domain: 'other.org' })).totalMessages).toBe(50);
  });

  it('after an ingest, geolocates the new addresses and drops the domain\'s heatmaps', async () => {
    await heatmaps.heatmap({ days: 30, domain: 'example.com' });
    await heatmaps.heatmap({ days: 30, domain: 'other.org' });
    await afterReportIngested({ geo, heatmaps, logger: silentLogger })({ policyDomain: 'example.com', sourceIps: ['193.0.6.139', '8.8.8.8'] });
    const [row] = await em.getConnection().execute<{ country_code: string }[]>("SELECT country_code FROM geolocation_cache WHERE ip = '193.0.6.139'");
    expect(row).toEqual({ country_code: 'NL' });
    expect((await heatmaps.heatmap({ days: 30, domain: 'example.com' })).fromCache).toBe(false);
    expect((await heatmaps.heatmap({ days: 30, domain: 'other.org' })).fromCache).toBe(true);
  });
});
