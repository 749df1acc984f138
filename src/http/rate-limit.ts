import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consume, type RateLimiters } from '../rate-limit/limiters.js';
import { RateLimitedError } from '../rate-limit/rate-limited-error.js';

/**
 * Per-client-IP limit on every HTTP request but health checks (probes from orchestrators and load
 * balancers must never be refused). Over the limit: 429 with Retry-After, through the error handler
 * so the body has the usual `{ error: { code, message, requestId } }` shape.
 *
 * The key is `request.ip`, the socket's peer address: behind a reverse proxy or load balancer every
 * client would share the proxy's address. There, set fastify's `trustProxy` to the proxy's
 * addresses (never `true` on a server reachable directly: any client could then pick its own key
 * with X-Forwarded-For).
 */
export function registerRateLimit(app: FastifyInstance, limiters: RateLimiters): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    if (path === '/health' || path.startsWith('/health/')) return;
    const decision = await consume(limiters.ip, request.ip);
    if (decision.allowed) return;
    request.log.warn({ ip: request.ip, keyType: 'ip', route: request.routeOptions.url ?? path, retryAfterSeconds: decision.retryAfterSeconds }, 'Rate limit exceeded');
    reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new RateLimitedError(decision.retryAfterSeconds);
  });
}

function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
