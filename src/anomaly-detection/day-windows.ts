/** Day windows of anomaly detection, and the number parsing of its raw SQL rows (pg returns bigint and numeric as text). */

export const DAY_MS = 86_400_000;

/** A half-open [start, end) range of whole UTC days. */
export interface DayWindow {
  readonly start: Date;
  readonly end: Date;
  readonly days: number;
}

/** The last `days` UTC days including the day of `now`. */
export function lastDays(days: number, now: Date): DayWindow {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return { start: new Date(tomorrow - days * DAY_MS), end: new Date(tomorrow), days };
}

/** The window of the same length just before. */
export function previousWindow(window: DayWindow): DayWindow {
  return { start: new Date(window.start.getTime() - window.days * DAY_MS), end: window.start, days: window.days };
}

/** pg returns bigint and numeric as strings. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}
