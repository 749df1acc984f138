import type { JobDefinition } from '../src/scheduler/job-definition.js';

/** Monday 01:00: expired geolocation cache rows (GEOIP_CACHE_TTL_DAYS) go. */
export const purgeGeolocationCacheWeekly: JobDefinition = {
  name: 'purge-geolocation-cache-weekly',
  description: 'deletes the expired rows of the geolocation cache',
  defaultSchedule: '0 1 * * 1',
  async run({ services }) {
    return { purged: await services.geo.purgeExpired() };
  },
};
