import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReported } from '../support/reported-ips.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const fields = 'ip found fromCache countryCode countryName subdivision city latitude longitude accuracyRadiusKm asn asOrganization reservedRange';

describe('geolocation over GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await markReported(t.app.dependencies.database.orm.em, ['81.2.69.142']);
  });
  afterAll(() => t.close());

  it('geoLookup answers from the database, then from the cache', async () => {
    const query = `query($ip: String!) { geoLookup(ip: $ip) { ${fields} } }`;
    const first = await t.graphql<{ geoLookup: Record<string, unknown> }>(query, { ip: '81.2.69.142' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.geoLookup).toMatchObject({ ip: '81.2.69.142', found: true, fromCache: false, countryCode: 'GB', countryName: 'United Kingdom', city: 'Gamlingay', reservedRange: null, asn: null });
    expect(first.data!.geoLookup.latitude).toEqual(expect.any(Number));
    expect(first.data!.geoLookup.accuracyRadiusKm).toEqual(expect.any(Number));
    const second = await t.graphql<{ geoLookup: Record<string, unknown> }>(query, { ip: '81.2.69.142' });
    expect(second.data!.geoLookup).toEqual({ ...first.data!.geoLookup, fromCache: true });
  });

  it('geoLookups answers in order, reserved and not-found addresses included', async () => {
    const result = await t.graphql<{ geoLookups: Record<string, unknown>[] }>(
      `query($ips: [String!]!) { geoLookups(ips: $ips) { ip found countryCode city latitude longitude reservedRange fromCache } }`,
      { ips: ['8.8.8.8', '223.5.5.5', '192.168.0.1', '185.0.0.1'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.geoLookups).toEqual([
      expect.objectContaining({ ip: '8.8.8.8', countryCode: 'US', latitude: 37.751, longitude: -97.822, fromCache: false }),
      expect.objectContaining({ ip: '223.5.5.5', countryCode: 'CN', city: 'Hangzhou' }),
      { ip: '192.168.0.1', found: false, countryCode: null, city: null, latitude: null, longitude: null, reservedRange: 'private', fromCache: false },
      expect.objectContaining({ ip: '185.0.0.1', found: false, countryCode: null, reservedRange: null }),
    ]);
  });

  it('refuses invalid addresses and more than 1000 per request with BAD_USER_INPUT', async () => {
    const invalid = await t.graphql('{ geoLookup(ip: "8.8.8") { ip } }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(invalid.errors?.[0]?.message).toContain('8.8.8');
    const invalidBatch = await t.graphql('{ geoLookups(ips: ["1.1.1.1", "nope"]) { ip } }');
    expect(invalidBatch.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const ips = Array.from({ length: 1001 }, (_, i) => `11.0.${i >> 8}.${i & 255}`);
    const tooMany = await t.graphql('query($ips: [String!]!) { geoLookups(ips: $ips) { ip } }', { ips });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const limit = await t.graphql<{ geoLookups: { ip: string }[] }>('query($ips: [String!]!) { geoLookups(ips: $ips) { ip } }', { ips: ips.slice(0, 1000) });
    expect(limit.errors).toBeUndefined();
    expect(limit.data!.geoLookups).toHaveLength(1000);
  });

  it('geoStats reports cache size, hit rate and the databases', async () => {
    const result = await t.graphql<{ geoStats: Record<string, unknown> }>(
      '{ geoStats { state cacheSize expiredEntries ttlDays hits misses hitRate city { state databaseType buildDate error } asn { state } } }',
    );
    expect(result.errors).toBeUndefined();
    // Distinct cacheable addresses so far: 81.2.69.142 (miss, hit), 8.8.8.8, 223.5.5.5, 185.0.0.1, 1000 of 11.0.x.x;
    // only 81.2.69.142 comes from a stored record, so only it is cached.
    expect(result.data!.geoStats).toEqual({
      state: 'READY',
      cacheSize: 1,
      expiredEntries: 0,
      ttlDays: 90,
      hits: 1,
      misses: 1004,
      hitRate: 1 / 1005,
      city: { state: 'READY', databaseType: 'GeoLite2-City', buildDate: expect.stringMatching(/^2019-12-/), error: null },
      asn: null,
    });
  });

  it('geoHeatmap validates its window', async () => {
    for (const days of [0, 3651]) {
      const result = await t.graphql(`{ geoHeatmap(days: ${days}) { totalMessages } }`);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const empty = await t.graphql<{ geoHeatmap: Record<string, unknown> }>(
      '{ geoHeatmap(domain: "example.com", disposition: REJECT) { days domain disposition totalMessages totalIps maxCount fromCache countries { countryCode } unknown { messages } } }',
    );
    expect(empty.errors).toBeUndefined();
    expect(empty.data!.geoHeatmap).toEqual({ days: 30, domain: 'example.com', disposition: 'REJECT', totalMessages: 0, totalIps: 0, maxCount: 0, fromCache: false, countries: [], unknown: { messages: 0 } });
  });
});

describe('geolocation over GraphQL without a GeoIP database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GEOIP_CITY_DB: '/nonexistent/GeoLite2-City.mmdb' } });
  });
  afterAll(() => t.close());

  it('answers GEOIP_UNAVAILABLE for public addresses, still answers reserved ones', async () => {
    const down = await t.graphql('{ geoLookup(ip: "8.8.8.8") { ip } }');
    expect(down.errors?.[0]?.extensions?.code).toBe('GEOIP_UNAVAILABLE');
    const reserved = await t.graphql<{ geoLookup: { reservedRange: string } }>('{ geoLookup(ip: "127.0.0.1") { reservedRange } }');
    expect(reserved.data).toEqual({ geoLookup: { reservedRange: 'loopback' } });
    const stats = await t.graphql<{ geoStats: Record<string, unknown> }>('{ geoStats { state city { state databaseType error } } }');
    expect(stats.data!.geoStats).toMatchObject({ state: 'UNAVAILABLE', city: { state: 'UNAVAILABLE', databaseType: null, error: expect.any(String) } });
  });
});
