import type { Job } from '../src/app/services.js';

/** 04:00: the common heatmaps (7, 30, 90 days; all domains and each recent one), so the first viewer waits for nothing. */
export const generateAnalyticsCacheDaily: Job = {
  name: 'generate-analytics-cache-daily',
  description: 'pre-computes the common heatmaps into the analytics cache (one row per heatmap, replaced on each run)',
  defaultSchedule: '0 4 * * *',
  async run({ services, progress }) {
    await progress(0.05, 'computing heatmaps');
    const result = await services.heatmaps.pregenerateCommonHeatmaps();
    return { heatmaps: result.generated, domains: result.domains.length };
  },
};
