import { stat } from 'node:fs/promises';
import { open, type CityResponse, type Reader } from 'maxmind';
import { DependencyUnavailableError } from '../errors/app-error.js';

export interface GeoipDatabaseInfo {
  readonly path: string;
  /** e.g. GeoLite2-City, GeoIP2-City */
  readonly databaseType: string;
  readonly buildDate: Date;
  readonly ageDays: number;
}

export interface GeoipDatabase {
  readonly reader: Reader<CityResponse>;
  readonly info: GeoipDatabaseInfo;
}

/** Opens a MaxMind City database; a missing, unreadable or corrupt file is a typed error. */
export async function openGeoipCityDatabase(path: string): Promise<GeoipDatabase> {
  try {
    await stat(path);
  } catch (error) {
    throw new DependencyUnavailableError('GeoIP', `database file not found or unreadable: ${path}`, { cause: error });
  }
  let reader: Reader<CityResponse>;
  try {
    // watchForUpdates is left to the geolocation service, which owns reloads.
    reader = await open<CityResponse>(path);
  } catch (error) {
    throw new DependencyUnavailableError('GeoIP', `not a valid MaxMind database: ${path} (${(error as Error).message})`, { cause: error });
  }
  const buildDate = reader.metadata.buildEpoch;
  return {
    reader,
    info: {
      path,
      databaseType: reader.metadata.databaseType,
      buildDate,
      ageDays: Math.floor((Date.now() - buildDate.getTime()) / 86_400_000),
    },
  };
}
