import type { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS, lastDays, type DayWindow } from '../day-windows.js';
import { computeFeatures } from './compute-features.js';
import { FEATURE_NAMES } from './feature-definitions.js';

/**
 * Training rows are (source IP, window) pairs: the training period is cut into consecutive windows
 * as long as the detection window, newest first, so volumes, active-day shares and volume changes
 * mean the same in training as in detection (a 90-day total would dwarf any 7-day total).
 */
export async function trainingFeatures(
  em: EntityManager,
  days: number,
  windowDays: number,
  now: Date,
): Promise<{ featureNames: readonly string[]; matrix: Float64Array[]; windows: DayWindow[] }> {
  const period = lastDays(days, now);
  const windows: DayWindow[] = [];
  for (let end = period.end.getTime(); end - windowDays * DAY_MS >= period.start.getTime(); end -= windowDays * DAY_MS) {
    windows.push({ start: new Date(end - windowDays * DAY_MS), end: new Date(end), days: windowDays });
  }
  const matrix: Float64Array[] = [];
  for (const window of windows) matrix.push(...(await computeFeatures(em, window)).matrix);
  return { featureNames: FEATURE_NAMES, matrix, windows };
}
