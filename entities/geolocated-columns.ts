import { Property } from '@mikro-orm/decorators/legacy';

/**
 * Where an IP is, as a row keeps it: the columns alerts and the geolocation cache share (an alert
 * copies them from the cache when it is raised). Read back through storedGeolocation().
 */
export abstract class GeolocatedColumns {
  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'text', nullable: true })
  countryCode?: string | null;

  @Property({ type: 'text', nullable: true })
  city?: string | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Property({ type: 'integer', nullable: true })
  asn?: number | null;

  @Property({ type: 'text', nullable: true })
  asOrganization?: string | null;
}
