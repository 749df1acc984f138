import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeolocationService } from '../../src/geolocation/geolocation-service.js';
import { createLogger } from '../../src/logging/logger.js';

// MaxMind's official test databases (read-only, never copied into the repo); answers from their README.
const sharedDir = resolve(process.env.SHARED_DIR ?? join(import.meta.dirname, '../../../shared'));
const testDbDir = join(sharedDir, 'geoip-test');
const logger = createLogger({ level: 'silent' });

describe('MaxMind test databases: City + ASN', () => {
  let service: GeolocationService;
  beforeAll(async () => {
    service = await GeolocationService.open({
      cityDbPath: join(testDbDir, 'GeoLite2-City-Test.mmdb'),
      asnDbPath: join(testDbDir, 'GeoLite2-ASN-Test.mmdb'),
      logger,
      watchForUpdates: false,
    });
  });
  afterAll(() => service.close());

  it('both databases load, with their type and build date', () => {
    const status = service.status();
    expect(status.ready).toBe(true);
    expect(status.city).toMatchObject({ state: 'ready', info: { databaseType: 'GeoLite2-City' } });
    expect(status.asn).toMatchObject({ state: 'ready', info: { databaseType: 'GeoLite2-ASN' } });
    for (const database of [status.city, status.asn]) {
      expect(database?.state === 'ready' && database.info.buildDate).toBeInstanceOf(Date);
    }
  });

  it.each([
    ['81.2.69.142', { countryCode: 'GB', city: 'London' }],
    ['2.125.160.216', { countryCode: 'GB', city: 'Boxford', latitude: 51.75, longitude: -1.25 }],
    ['89.160.20.112', { countryCode: 'SE', city: 'Linköping' }],
    ['216.160.83.56', { countryCode: 'US', city: 'Milton' }],
    ['175.16.199.1', { countryCode: 'CN', city: 'Changchun' }],
    ['2001:480::1', { countryCode: 'US', city: 'San Diego' }],
  ])('City: %s', async (ip, expected) => {
    expect(await service.lookup(ip)).toMatchObject({ ip, found: true, reservedRange: null, ...expected });
  });

  it('City: 8.8.8.8 is not in the test database', async () => {
    expect(await service.lookup('8.8.8.8')).toMatchObject({ found: false, countryCode: null, city: null, latitude: null });
  });

  it.each([
    ['1.128.0.0', 1221, 'Telstra Pty Ltd'],
    ['12.81.92.0', 7018, 'AT&T Services'],
    ['2600:6000::1', 237, 'Merit Network Inc.'],
  ])('ASN: %s is AS%i %s', async (ip, asn, asOrganization) => {
    expect(await service.lookup(ip)).toMatchObject({ asn, asOrganization });
  });

  it('an IPv4-mapped address gets the answers of its IPv4 host', async () => {
    expect(await service.lookup('::ffff:81.2.69.142')).toMatchObject({ ip: '::ffff:81.2.69.142', countryCode: 'GB', city: 'London' });
  });
});

describe('MaxMind test databases: Country', () => {
  it('a Country database answers the country without city or coordinates', async () => {
    const service = await GeolocationService.open({ cityDbPath: join(testDbDir, 'GeoLite2-Country-Test.mmdb'), logger, watchForUpdates: false });
    try {
      expect(service.status().city).toMatchObject({ state: 'ready', info: { databaseType: 'GeoLite2-Country' } });
      expect(await service.lookup('81.2.69.142')).toMatchObject({ found: true, countryCode: 'GB', city: null, latitude: null });
      expect(await service.lookup('89.160.20.112')).toMatchObject({ countryCode: 'SE', countryName: 'Sweden' });
      expect(await service.lookup('2001:480::1')).toMatchObject({ countryCode: 'US' });
      expect(await service.lookup('8.8.8.8')).toMatchObject({ found: false });
    } finally {
      service.close();
    }
  });
});
