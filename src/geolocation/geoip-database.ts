import { stat } from 'node:fs/promises';
import { open, type AsnResponse, type CityResponse, type Reader, type Response } from 'maxmind';
import { DependencyUnavailableError } from '../errors/app-error.js';
import type { GeoipDatabaseRole } from './errors.js';

export interface GeoipDatabaseInfo {
  readonly path: string;
  /** e.g. GeoLite2-City, GeoIP2-City, GeoLite2-ASN */
  readonly databaseType: string;
  readonly buildDate: Date;
  /** Age when the file was opened. */
  readonly ageDays: number;
}

export interface GeoipDatabase<T extends Response = CityResponse> {
  readonly reader: Reader<T>;
  readonly info: GeoipDatabaseInfo;
}

/**
 * Which `databaseType`s can fill a role. A Country file answers every question a City file does
 * except city and coordinates, so it may stand in; an ASN file in the City slot would silently
 * geolocate nothing, hence the check.
 */
const ACCEPTED_TYPES: Record<GeoipDatabaseRole, { readonly pattern: RegExp; readonly expected: string }> = {
  city: { pattern: /City|Country|Enterprise/i, expected: 'a City or Country database' },
  asn: { pattern: /ASN|ISP/i, expected: 'an ASN or ISP database' },
};

/** Opens a MaxMind City (or Country) database; a missing, unreadable or corrupt file is a typed error. */
export function openGeoipCityDatabase(path: string): Promise<GeoipDatabase<CityResponse>> {
  return openGeoipDatabase<CityResponse>(path, 'city');
}

/** Opens a MaxMind ASN database (autonomous system number and organisation). */
export function openGeoipAsnDatabase(path: string): Promise<GeoipDatabase<AsnResponse>> {
  return openGeoipDatabase<AsnResponse>(path, 'asn');
}

export interface OpenGeoipDatabaseOptions {
  /** Decoded records kept in memory (maxmind's default is 10 000). */
  readonly cacheSize?: number;
}

export async function openGeoipDatabase<T extends Response>(
  path: string,
  role: GeoipDatabaseRole,
  options: OpenGeoipDatabaseOptions = {},
): Promise<GeoipDatabase<T>> {
  try {
    await stat(path);
  } catch (error) {
    throw new DependencyUnavailableError('GeoIP', `database file not found or unreadable: ${path}`, { cause: error });
  }
  let reader: Reader<T>;
  try {
    // watchForUpdates is left to the geolocation service, which owns reloads.
    reader = await open<T>(path, options.cacheSize ? { cache: { max: options.cacheSize } } : undefined);
  } catch (error) {
    throw new DependencyUnavailableError('GeoIP', `not a valid MaxMind database: ${path} (${(error as Error).message})`, { cause: error });
  }
  const { databaseType, buildEpoch: buildDate } = reader.metadata;
  const accepted = ACCEPTED_TYPES[role];
  if (!accepted.pattern.test(databaseType)) {
    throw new DependencyUnavailableError('GeoIP', `${path} is a ${databaseType} database, expected ${accepted.expected}`);
  }
  return {
    reader,
    info: {
      path,
      databaseType,
      buildDate,
      ageDays: Math.floor((Date.now() - buildDate.getTime()) / 86_400_000),
    },
  };
}
