import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { connectRedis } from '../redis/redis-client.js';

/** The service's limiters, each counting over one minute. */
export interface RateLimiters {
  /** Every HTTP request but health checks, keyed by client IP. */
  readonly ip: RateLimiterAbstract;
  /** GraphQL operations, keyed by principal (or client IP when anonymous). */
  readonly principal: RateLimiterAbstract;
  /** Login attempts, keyed by client IP and by e-mail address. */
  readonly login: RateLimiterAbstract;
  readonly store: 'memory' | 'redis';
  close(): Promise<void>;
}

export type RateLimitDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly retryAfterMs: number };

const MINUTE_SECONDS = 60;

/** In-process counters, or Redis counters shared by every instance when REDIS_URL is set. */
export async function createRateLimiters(config: Config, logger: Logger): Promise<RateLimiters> {
  const { perIpPerMinute, perPrincipalPerMinute, loginPerMinute, redisUrl } = config.rateLimit;
  const limits = { ip: perIpPerMinute, principal: perPrincipalPerMinute, login: loginPerMinute };
  const memory = (name: string, points: number) => new RateLimiterMemory({ keyPrefix: `rl:${name}`, points, duration: MINUTE_SECONDS });

  if (!redisUrl) {
    return { ip: memory('ip', limits.ip), principal: memory('principal', limits.principal), login: memory('login', limits.login), store: 'memory', close: async () => {} };
  }

  const client: Redis = await connectRedis(redisUrl, config.lifecycle.startupTimeoutMs, logger);
  const redis = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `dmarc:rl:${name}`,
      points,
      duration: MINUTE_SECONDS,
      // While Redis is down each instance counts in memory: limits loosen by the instance count
      // for the outage instead of every request failing or every client going unlimited.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory(name, points),
    });
  return {
    ip: redis('ip', limits.ip),
    principal: redis('principal', limits.principal),
    login: redis('login', limits.login),
    store: 'redis',
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** Takes `points` from `key`; a refusal says how long until the window has room again. */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<RateLimitDecision> {
  try {
    await limiter.consume(key, points);
    return { allowed: true };
  } catch (rejection) {
    // The limiter rejects with RateLimiterRes when over the limit, with an Error on store failure.
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterMs = Math.max(0, rejection.msBeforeNext);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), retryAfterMs };
  }
}
