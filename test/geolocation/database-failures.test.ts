import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, DependencyUnavailableError } from '../../src/errors/app-error.js';
import { GeoipUnavailableError } from '../../src/geolocation/errors.js';
import { openGeoipAsnDatabase, openGeoipCityDatabase } from '../../src/geolocation/geoip-database.js';
import { GeolocationService } from '../../src/geolocation/geolocation-service.js';
import { bundledCityDb, bundledCountryDb, makeTempDir, silentLogger } from './geoip-fixtures.js';

const open = (cityDbPath: string, asnDbPath?: string) =>
  GeolocationService.open({ cityDbPath, asnDbPath, logger: silentLogger, watchForUpdates: false });

describe('an unusable City database', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  const badFiles: Array<[string, (path: string) => Promise<void>, RegExp]> = [
    ['missing', async () => undefined, /not found or unreadable/],
    ['random bytes', (path) => writeFile(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), /not a valid MaxMind database/],
    ['empty', (path) => writeFile(path, ''), /not a valid MaxMind database/],
    ['truncated', async (path) => writeFile(path, (await readFile(bundledCityDb)).subarray(0, 1_000_000)), /not a valid MaxMind database/],
  ];

  it.each(badFiles)('%s: the service opens, reports it, and lookups fail with GEOIP_UNAVAILABLE', async (_kind, make, reason) => {
    const path = join(dir, 'GeoLite2-City.mmdb');
    await make(path);
    const service = await open(path);
    try {
      const status = service.status();
      expect(status.ready).toBe(false);
      expect(status.city).toMatchObject({ state: 'unavailable', role: 'city', path });
      expect(status.city.state === 'unavailable' && status.city.error).toMatch(reason);

      const failure = service.lookup('8.8.8.8');
      await expect(failure).rejects.toBeInstanceOf(GeoipUnavailableError);
      await expect(failure).rejects.toBeInstanceOf(AppError);
      await expect(failure).rejects.toMatchObject({ code: 'GEOIP_UNAVAILABLE', httpStatus: 503, role: 'city', message: expect.stringMatching(reason) });
      await expect(service.lookupMany(['1.1.1.1'])).rejects.toMatchObject({ code: 'GEOIP_UNAVAILABLE' });
      expect(() => service.readinessDetails()).toThrow(GeoipUnavailableError);

      // Reserved addresses need no database and invalid input stays the caller's mistake.
      expect(await service.lookup('10.1.1.1')).toMatchObject({ reservedRange: 'private' });
      await expect(service.lookup('10.1.1')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    } finally {
      service.close();
    }
  });

  it('the open functions keep throwing DependencyUnavailableError for startup checks', async () => {
    const garbage = join(dir, 'garbage.mmdb');
    await writeFile(garbage, 'not a database');
    await expect(openGeoipCityDatabase(garbage)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(openGeoipCityDatabase(join(dir, 'absent.mmdb'))).rejects.toThrow(/not found/);
  });

  it('a database of the wrong kind is refused', async () => {
    await expect(openGeoipAsnDatabase(bundledCountryDb)).rejects.toThrow(/GeoLite2-Country database, expected an ASN or ISP database/);
    const service = await open(bundledCityDb, bundledCityDb);
    try {
      expect(service.status().asn).toMatchObject({ state: 'unavailable', error: expect.stringContaining('expected an ASN') });
    } finally {
      service.close();
    }
  });
});

describe('the ASN database', () => {
  it('absent from the configuration: asn and asOrganization are null, the service is ready', async () => {
    const service = await open(bundledCityDb);
    try {
      expect(service.status()).toMatchObject({ ready: true, asn: null });
      expect(await service.lookup('8.8.8.8')).toMatchObject({ countryCode: 'US', asn: null, asOrganization: null });
    } finally {
      service.close();
    }
  });

  it('configured but missing: not ready, and public lookups fail rather than return rows without a network', async () => {
    const service = await open(bundledCityDb, '/nonexistent/GeoLite2-ASN.mmdb');
    try {
      expect(service.status()).toMatchObject({ ready: false, city: { state: 'ready' }, asn: { state: 'unavailable', role: 'asn' } });
      await expect(service.lookup('8.8.8.8')).rejects.toMatchObject({ code: 'GEOIP_UNAVAILABLE', role: 'asn' });
      expect(await service.lookup('127.0.0.1')).toMatchObject({ reservedRange: 'loopback' });
    } finally {
      service.close();
    }
  });
});
