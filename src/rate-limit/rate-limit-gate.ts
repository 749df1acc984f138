import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logging/logger.js';
import { consume, type RateLimitDecision } from './limiters.js';

interface OverLimit {
  /** Epoch ms when the limiter's window ends and the key may try again. */
  readonly until: number;
  /** Refusals in this window, the first included. */
  refused: number;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly timer: NodeJS.Timeout;
}

/**
 * A limiter, plus the keys it has refused until their window ends. A flood is mostly requests
 * from a key already over its limit: those are refused from this in-process map, synchronously,
 * without asking the limiter's store (memory or Redis) again, so refusing costs next to nothing.
 * Each key's refusals are logged twice per window at most: "Rate limit exceeded" at the first one,
 * and, when there were more, their count when the window ends.
 */
export class RateLimitGate {
  private readonly overLimit = new Map<string, OverLimit>();

  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again when it is known to be over its limit (the refusal is counted); 0 otherwise. */
  refusedFor(key: string): number {
    const entry = this.overLimit.get(key);
    if (!entry) return 0;
    const ms = entry.until - this.now();
    if (ms <= 0) return 0;
    entry.refused++;
    return Math.ceil(ms / 1000);
  }

  /** Whether `key` is over its limit right now; counts nothing. */
  isOverLimit(key: string): boolean {
    const entry = this.overLimit.get(key);
    return entry !== undefined && entry.until > this.now();
  }

  /**
   * Takes `points` from `key`. The first refusal of a window is logged with `fields` on `logger`
   * (the request's, so it carries the request id) and remembered for the rest of the window.
   */
  async consume(key: string, points: number, logger: Logger, fields: Readonly<Record<string, unknown>>): Promise<RateLimitDecision> {
    const known = this.refusedFor(key);
    if (known > 0) return { allowed: false, retryAfterSeconds: known, retryAfterMs: known * 1000 };
    const decision = await consume(this.limiter, key, points);
    if (!decision.allowed) this.remember(key, decision, logger, fields);
    return decision;
  }

  /** Ends the windows' timers (at shutdown). */
  close(): void {
    for (const entry of this.overLimit.values()) clearTimeout(entry.timer);
    this.overLimit.clear();
  }

  private remember(key: string, refusal: { retryAfterSeconds: number; retryAfterMs: number }, logger: Logger, fields: Readonly<Record<string, unknown>>): void {
    logger.warn({ ...fields, retryAfterSeconds: refusal.retryAfterSeconds }, 'Rate limit exceeded');
    const previous = this.overLimit.get(key);
    if (previous) clearTimeout(previous.timer);
    const ms = refusal.retryAfterMs;
    const timer = setTimeout(() => this.windowEnded(key), ms);
    timer.unref();
    this.overLimit.set(key, { until: this.now() + ms, refused: 1, fields, timer });
  }

  private windowEnded(key: string): void {
    const entry = this.overLimit.get(key);
    if (!entry) return;
    this.overLimit.delete(key);
    if (entry.refused > 1) this.logger.warn({ ...entry.fields, refused: entry.refused }, 'Rate limit exceeded: window over');
  }
}
