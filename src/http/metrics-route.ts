import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../auth/errors.js';
import type { AppError } from '../errors/app-error.js';
import type { Config } from '../config/config.js';
import type { Metrics } from '../metrics/metrics.js';

export const METRICS_PATH = '/metrics';
/** Prometheus' text exposition format, version 0.0.4 (prom-client's). */
const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Who may read the metrics (they say what the service does and how much, never whose data):
 * - with METRICS_TOKEN, whoever sends `Authorization: Bearer <METRICS_TOKEN>`, on either listener;
 * - without it, on METRICS_PORT's own listener, anyone who reaches it (bind it to an internal
 *   interface with METRICS_HOST);
 * - without it, on the API's port: loopback clients (the TCP peer, never X-Forwarded-For) outside
 *   production, nobody in production.
 * Null when allowed; otherwise the error to answer with.
 */
export function metricsRefusal(config: Pick<Config, 'isProduction' | 'metrics'>, request: { headers: IncomingHttpHeaders; peer: string | undefined }, listener: 'api' | 'metrics'): AppError | null {
  const { token } = config.metrics;
  if (token !== undefined) {
    return bearerMatches(request.headers.authorization, token) ? null : new UnauthenticatedError('Send Authorization: Bearer <METRICS_TOKEN>');
  }
  if (listener === 'metrics') return null;
  if (config.isProduction) return new ForbiddenError('Metrics are not served on the API port in production without METRICS_TOKEN; set METRICS_TOKEN or METRICS_PORT');
  return isLoopback(request.peer) ? null : new ForbiddenError('Without METRICS_TOKEN, metrics are served to loopback clients only');
}

/** GET /metrics on the API's port (when METRICS_PORT does not move it to a listener of its own). */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, config: Config): void {
  if (config.metrics.port !== undefined) return;
  app.get(METRICS_PATH, async (request, reply) => {
    const refusal = metricsRefusal(config, { headers: request.headers, peer: request.socket.remoteAddress }, 'api');
    if (refusal) throw refusal;
    reply.header('content-type', CONTENT_TYPE).header('cache-control', 'no-store');
    return metrics.exposition();
  });
}

export { CONTENT_TYPE as METRICS_CONTENT_TYPE };

/** A scrape of /metrics on the API's port that will be answered: the per-IP rate limit lets it through. */
export function isAllowedScrape(config: Pick<Config, 'isProduction' | 'metrics'>): (request: FastifyRequest) => boolean {
  if (config.metrics.port !== undefined) return () => false;
  return (request) => {
    const url = request.url;
    if (url !== METRICS_PATH && !url.startsWith(`${METRICS_PATH}?`)) return false;
    return metricsRefusal(config, { headers: request.headers, peer: request.socket.remoteAddress }, 'api') === null;
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined || isIP(address) === 0) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || plain.startsWith('127.');
}
