import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CachedGeoLookup } from '../../src/geolocation/cache/index.js';
import { InvalidIpAddressError } from '../../src/geolocation/index.js';
import { markReported } from '../support/reported-ips.js';
import { silentLogger } from '../support/silent-logger.js';
import { openGeoHarness, type GeoHarness } from './geo-harness.js';

const DAY = 86_400_000;

describe('CachedGeoLookup', () => {
  let t: GeoHarness;
  let em: EntityManager;
  let geo: CachedGeoLookup;

  const cacheRow = async (ip: string) => {
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(
      'SELECT host(ip) AS ip, country_code, city, reserved_range, looked_up_at, expires_at FROM geolocation_cache WHERE ip = ?::inet',
      [ip],
    );
    return rows[0];
  };
  const expire = (ips: string[]) =>
    em.getConnection().execute(`UPDATE geolocation_cache SET expires_at = now() - interval '1 day' WHERE host(ip) IN (${ips.map(() => '?').join(', ')})`, ips);

  beforeAll(async () => {
    t = await openGeoHarness();
    em = t.em;
    // The addresses below are sources of stored records, so ad-hoc lookups cache them.
    await markReported(em, ['8.8.8.8', '81.2.69.142', '223.5.5.5', '185.0.0.1', '193.0.6.139', '1.1.1.1']);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await em.getConnection().execute('DELETE FROM geolocation_cache');
    geo = new CachedGeoLookup({ em, geolocation: t.geolocation, ttlDays: 90, logger: silentLogger });
  });

  it('looks an address up once, then answers from the cache row (kept 90 days)', async () => {
    const first = await geo.lookup('8.8.8.8');
    expect(first).toMatchObject({ ip: '8.8.8.8', found: true, fromCache: false, countryCode: 'US', latitude: 37.751, longitude: -97.822 });
    const row = await cacheRow('8.8.8.8');
    expect(row).toMatchObject({ ip: '8.8.8.8', country_code: 'US', reserved_range: null });
    const ttl = new Date(row!.expires_at as string).getTime() - new Date(row!.looked_up_at as string).getTime();
    expect(ttl).toBe(90 * DAY);
    expect(Math.abs(new Date(row!.expires_at as string).getTime() - (Date.now() + 90 * DAY))).toBeLessThan(60_000);

    const second = await geo.lookup('8.8.8.8');
    expect(second).toEqual({ ...first, fromCache: true });
    expect(await geo.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5, cacheSize: 1, expiredEntries: 0 });
  });

  it('answers a batch in input order, caching misses and not-found addresses', async () => {
    const ips = ['81.2.69.142', '223.5.5.5', '185.0.0.1', '81.2.69.142', '193.0.6.139', '1.1.1.1'];
    const cold = await geo.lookupMany(ips);
    expect(cold.map((g) => [g.ip, g.countryCode, g.fromCache])).toEqual([
      ['81.2.69.142', 'GB', false],
      ['223.5.5.5', 'CN', false],
      ['185.0.0.1', null, false],
      ['81.2.69.142', 'GB', false],
      ['193.0.6.139', 'NL', false],
      ['1.1.1.1', 'AU', false],
    ]);
    expect(cold[0]!.city).toBe('Gamlingay');
    expect(cold[1]!.city).toBe('Hangzhou');
    expect(cold[2]!.found).toBe(false);
    expect(await cacheRow('185.0.0.1')).toMatchObject({ country_code: null, reserved_range: null });

    const warm = await geo.lookupMany(ips);
    expect(warm).toEqual(cold.map((g) => ({ ...g, fromCache: true })));
    // Per distinct address per call: 5 misses, then 5 hits.
    expect(await geo.stats()).toMatchObject({ hits: 5, misses: 5, hitRate: 0.5, cacheSize: 5 });
  });

  it('answers reserved addresses from the address alone, without a cache row', async () => {
    const [privateIp, loopback, doc] = await geo.lookupMany(['10.1.2.3', '::1', '2001:db8::1']);
    expect(privateIp).toMatchObject({ ip: '10.1.2.3', found: false, reservedRange: 'private', fromCache: false, countryCode: null });
    expect(loopback).toMatchObject({ ip: '::1', reservedRange: 'loopback', fromCache: false });
    expect(doc).toMatchObject({ reservedRange: 'documentation', fromCache: false });
    expect(await cacheRow('10.1.2.3')).toBeUndefined();
    expect(await geo.stats()).toMatchObject({ hits: 0, misses: 0, hitRate: null, cacheSize: 0 });
  });

  it('rejects a batch with an invalid address before looking anything up', async () => {
    await expect(geo.lookupMany(['8.8.8.8', 'not-an-ip', '999.1.1.1'])).rejects.toBeInstanceOf(InvalidIpAddressError);
    await expect(geo.lookup('1.2.3')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await cacheRow('8.8.8.8')).toBeUndefined();
  });

  it('looks expired rows up again and purges the ones left expired', async () => {
    await geo.lookupMany(['8.8.8.8', '1.1.1.1', '223.5.5.5']);
    await expire(['8.8.8.8', '1.1.1.1']);
    expect(await geo.stats()).toMatchObject({ cacheSize: 3, expiredEntries: 2 });

    const again = await geo.lookup('8.8.8.8');
    expect(again).toMatchObject({ countryCode: 'US', fromCache: false });
    expect(new Date((await cacheRow('8.8.8.8'))!.expires_at as string).getTime()).toBeGreaterThan(Date.now() + 89 * DAY);

    expect(await geo.purgeExpired()).toBe(1);
    expect(await cacheRow('1.1.1.1')).toBeUndefined();
    expect(await geo.stats()).toMatchObject({ cacheSize: 2, expiredEntries: 0 });
    expect(await geo.purgeExpired()).toBe(0);
  });

  it('answers ad-hoc lookups of addresses in no report without caching them, so callers cannot grow the table', async () => {
    const madeUp = Array.from({ length: 500 }, (_, i) => `12.${i >> 8}.${i & 255}.9`);
    const first = await geo.lookupMany([...madeUp, '8.8.8.8']);
    expect(first.at(-1)).toMatchObject({ ip: '8.8.8.8', countryCode: 'US', fromCache: false });
    expect(first[0]).toMatchObject({ ip: '12.0.0.9', found: true, countryCode: 'US', fromCache: false });
    expect(await geo.stats()).toMatchObject({ cacheSize: 1 });
    const again = await geo.lookupMany([...madeUp, '8.8.8.8']);
    expect(again[0]).toEqual(first[0]);
    expect(again.at(-1)).toMatchObject({ ip: '8.8.8.8', fromCache: true });
    expect(await geo.stats()).toMatchObject({ cacheSize: 1 });
    expect(await cacheRow('12.0.0.9')).toBeUndefined();
  });

  it('uses the configured TTL', async () => {
    const weekly = new CachedGeoLookup({ em, geolocation: t.geolocation, ttlDays: 7, logger: silentLogger });
    await weekly.lookup('193.0.6.139');
    const row = (await cacheRow('193.0.6.139'))!;
    expect(new Date(row.expires_at as string).getTime() - new Date(row.looked_up_at as string).getTime()).toBe(7 * DAY);
  });

  it('geolocateNewIps writes only what is missing, reserved addresses included', async () => {
    await geo.lookup('8.8.8.8');
    const result = await geo.geolocateNewIps(['8.8.8.8', '81.2.69.142', '192.168.1.1', '81.2.69.142', 'garbage']);
    expect(result).toEqual({ distinct: 3, alreadyCached: 1, lookedUp: 2 });
    expect(await cacheRow('192.168.1.1')).toMatchObject({ reserved_range: 'private', country_code: null });
    expect(await cacheRow('81.2.69.142')).toMatchObject({ country_code: 'GB', city: 'Gamlingay' });
    expect(await geo.geolocateNewIps(['8.8.8.8', '81.2.69.142', '192.168.1.1'])).toEqual({ distinct: 3, alreadyCached: 3, lookedUp: 0 });
  });

  it('writes large batches in several statements', async () => {
    const small = new CachedGeoLookup({ em, geolocation: t.geolocation, ttlDays: 90, logger: silentLogger, batchSize: 2 });
    const ips = ['8.8.8.8', '1.1.1.1', '223.5.5.5', '81.2.69.142', '193.0.6.139'];
    expect(await small.geolocateNewIps(ips)).toEqual({ distinct: 5, alreadyCached: 0, lookedUp: 5 });
    const answers = await small.lookupMany(ips);
    expect(answers.map((a) => [a.countryCode, a.fromCache])).toEqual([['US', true], ['AU', true], ['CN', true], ['GB', true], ['NL', true]]);
  });
});
