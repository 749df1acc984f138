import type { Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { GeolocatedColumns } from './geolocated-columns.js';

/** One IP's geolocation (GeolocatedColumns and the fields below), kept for 90 days (GEOIP cache TTL). */
@Entity({ tableName: 'geolocation_cache' })
@Index({ name: 'geolocation_cache_expires_idx', properties: ['expiresAt'] })
@Index({ name: 'geolocation_cache_country_idx', properties: ['countryCode'] })
export class GeolocationCacheEntry extends GeolocatedColumns {
  @PrimaryKey({ type: 'string', columnType: 'inet' })
  ip!: string;

  @Property({ type: 'text', nullable: true })
  countryName?: string | null;

  @Property({ type: 'text', nullable: true })
  subdivision?: string | null;

  @Property({ type: 'integer', nullable: true })
  accuracyRadiusKm?: number | null;

  /** Set for private, loopback, documentation and other reserved ranges, which are not looked up. */
  @Property({ type: 'text', nullable: true })
  reservedRange?: string | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  lookedUpAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
