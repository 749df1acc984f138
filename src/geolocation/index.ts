export { GeoipUnavailableError, InvalidIpAddressError, type GeoipDatabaseRole } from './errors.js';
export { openGeoipAsnDatabase, openGeoipCityDatabase, type GeoipDatabase, type GeoipDatabaseInfo } from './geoip-database.js';
export { geoLocationColumns, type GeoLocation } from './geo-location.js';
export { GeolocationService, type GeoLookup, type GeolocationServiceOptions, type GeolocationStatus } from './geolocation-service.js';
export { canonicalIpAddress, parseIpAddress, requireIpAddress, ipv6Tunnel, type IpAddress, type Ipv6Tunnel } from './ip-address.js';
export type { GeoipDatabaseStatus } from './reloadable-geoip-database.js';
export { reservedRangeOf, type ReservedRange } from './reserved-ranges.js';
