import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GeolocationService } from '../../src/geolocation/geolocation-service.js';
import type { GeolocationStatus } from '../../src/geolocation/geolocation-service.js';
import { bundledCityDb, bundledCountryDb, copyInto, makeTempDir, silentLogger } from './geoip-fixtures.js';

const CITY_BUILD = '2019-12-24T17:41:41.000Z';
const COUNTRY_BUILD = '2019-12-24T17:40:14.000Z';

/** Replaces `target` the way geoipupdate does: write a sibling file, then rename it over. */
async function replaceByRename(source: string, target: string): Promise<void> {
  const dir = join(target, '..');
  const staged = await copyInto(source, dir, 'GeoLite2-City.mmdb.download');
  await rename(staged, target);
}

function cityOf(status: GeolocationStatus) {
  return status.city.state === 'ready'
    ? { state: status.city.state, databaseType: status.city.info.databaseType, buildDate: status.city.info.buildDate.toISOString(), lastReloadError: status.city.lastReloadError }
    : { state: status.city.state };
}

const waitOptions = { timeout: 15_000, interval: 25 };

describe('hot reload when the database file is replaced by rename', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let path: string;
  let service: GeolocationService | undefined;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    path = join(dir, 'GeoLite2-City.mmdb');
  });
  afterEach(async () => {
    service?.close();
    await cleanup();
  });

  const openWatching = () => GeolocationService.open({ cityDbPath: path, logger: silentLogger, reloadDebounceMs: 50 });

  it('switches to the new file (type, build date, answers) and back, without a restart', async () => {
    await copyInto(bundledCityDb, dir, 'GeoLite2-City.mmdb');
    service = await openWatching();
    const s = service;
    expect(cityOf(s.status())).toEqual({ state: 'ready', databaseType: 'GeoLite2-City', buildDate: CITY_BUILD, lastReloadError: null });
    expect(s.lookupSync('81.2.69.142')).toMatchObject({ countryCode: 'GB', city: 'Gamlingay', latitude: 52.1398 });

    const reloads: GeolocationStatus[] = [];
    s.onReload((status) => reloads.push(status));
    await replaceByRename(bundledCountryDb, path);
    await vi.waitFor(() => expect(cityOf(s.status())).toMatchObject({ databaseType: 'GeoLite2-Country', buildDate: COUNTRY_BUILD }), waitOptions);
    // A Country database knows the country but neither the city nor the coordinates.
    expect(s.lookupSync('81.2.69.142')).toMatchObject({ countryCode: 'GB', countryName: 'United Kingdom', city: null, latitude: null });
    expect(reloads.length).toBeGreaterThan(0);

    await replaceByRename(bundledCityDb, path);
    await vi.waitFor(() => expect(cityOf(s.status())).toMatchObject({ databaseType: 'GeoLite2-City', buildDate: CITY_BUILD }), waitOptions);
    expect(s.lookupSync('81.2.69.142')).toMatchObject({ city: 'Gamlingay' });
  });

  it('a corrupt replacement is reported, and the previous data keeps being served', async () => {
    await copyInto(bundledCityDb, dir, 'GeoLite2-City.mmdb');
    service = await openWatching();
    const s = service;
    const staged = join(dir, 'incoming.mmdb');
    await writeFile(staged, 'this is not a MaxMind database');
    await rename(staged, path);
    await vi.waitFor(() => expect(cityOf(s.status()).lastReloadError).toMatch(/not a valid MaxMind database/), waitOptions);
    expect(s.status().ready).toBe(true);
    expect(cityOf(s.status())).toMatchObject({ databaseType: 'GeoLite2-City', buildDate: CITY_BUILD });
    expect(s.lookupSync('81.2.69.142')).toMatchObject({ city: 'Gamlingay' });

    await replaceByRename(bundledCountryDb, path);
    await vi.waitFor(() => expect(cityOf(s.status())).toMatchObject({ databaseType: 'GeoLite2-Country', lastReloadError: null }), waitOptions);
  });

  it('a database that was missing at startup is picked up when it arrives', async () => {
    service = await openWatching();
    const s = service;
    expect(s.status().ready).toBe(false);
    await expect(s.lookup('8.8.8.8')).rejects.toMatchObject({ code: 'GEOIP_UNAVAILABLE' });

    await replaceByRename(bundledCityDb, path);
    await vi.waitFor(() => expect(s.status().ready).toBe(true), waitOptions);
    expect(await s.lookup('8.8.8.8')).toMatchObject({ countryCode: 'US' });
  });

  it('reload() re-reads the file on demand when watching is off', async () => {
    await copyInto(bundledCityDb, dir, 'GeoLite2-City.mmdb');
    service = await GeolocationService.open({ cityDbPath: path, logger: silentLogger, watchForUpdates: false });
    await replaceByRename(bundledCountryDb, path);
    expect(cityOf(service.status()).databaseType).toBe('GeoLite2-City');
    expect(cityOf(await service.reload())).toMatchObject({ databaseType: 'GeoLite2-Country', buildDate: COUNTRY_BUILD });
  });
});
