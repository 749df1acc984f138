/**
 * Waits after the 1st, 2nd, ... failed attempt: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, then 12 h for
 * every later one. With the default 8 attempts a dead endpoint is given up after about a day.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000];

/** ±20 %, so deliveries that failed together (an endpoint outage) do not all come back in the same second. */
const JITTER = 0.2;

/** The wait before the next attempt after `failedAttempts` failures (1 or more). `random` in [0, 1). */
export function retryDelayMs(failedAttempts: number, delays: readonly number[], random: () => number = Math.random): number {
  const base = delays[Math.min(failedAttempts, delays.length) - 1] ?? delays.at(-1) ?? 60_000;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
