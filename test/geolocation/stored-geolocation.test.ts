import { describe, expect, it } from 'vitest';
import { storedGeolocation } from '../../src/geolocation/stored-geolocation.js';

describe('storedGeolocation (the Geolocation of an alert)', () => {
  it('answers the stored fields as a Geolocation read from the cache, the rest null', () => {
    expect(storedGeolocation('192.0.2.1', { countryCode: 'NL', city: 'Amsterdam', latitude: 52.37, longitude: 4.89, asn: 64496, asOrganization: 'Example AS' })).toEqual({
      ip: '192.0.2.1',
      found: true,
      fromCache: true,
      countryCode: 'NL',
      countryName: null,
      subdivision: null,
      city: 'Amsterdam',
      latitude: 52.37,
      longitude: 4.89,
      accuracyRadiusKm: null,
      asn: 64496,
      asOrganization: 'Example AS',
      reservedRange: null,
    });
  });

  it('is null when nothing is known, and not found when only the network is', () => {
    expect(storedGeolocation('192.0.2.1', {})).toBeNull();
    expect(storedGeolocation('192.0.2.1', { countryCode: null, city: null, latitude: null, longitude: null, asn: null, asOrganization: null })).toBeNull();
    expect(storedGeolocation('192.0.2.1', { asn: 64496 })).toMatchObject({ found: false, countryCode: null, asn: 64496 });
  });
});
