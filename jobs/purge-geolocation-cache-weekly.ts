import type { Job } from '../src/app/services.js';

/** Monday 01:00: expired geolocation cache rows (GEOIP_CACHE_TTL_DAYS) go. */
export const purgeGeolocationCacheWeekly: Job = {
  name: 'purge-geolocation-cache-weekly',
  description: 'deletes the expired rows of the geolocation cache',
  defaultSchedule: '0 1 * * 1',
  async run({ services }) {
    return { purged: await services.geo.purgeExpired() };
  },
};
